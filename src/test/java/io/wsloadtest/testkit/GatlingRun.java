package io.wsloadtest.testkit;

import io.wsloadtest.simlog.RunStatistics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs one simulation in its own Gatling JVM, as a user would, and reads back what it recorded: a
 * {@link GatlingJvm} in this JVM's environment, its stdout and stderr read as one output.
 */
public final class GatlingRun {

  public final int exitCode;
  public final String output;
  private final GatlingJvm jvm;

  private GatlingRun(GatlingJvm jvm) {
    this.jvm = jvm;
    this.exitCode = jvm.exitCode;
    this.output = jvm.all();
  }

  public static GatlingRun run(String simulation, Path resultsFolder, boolean reports, String... keyValues)
      throws IOException, InterruptedException {
    return new GatlingRun(GatlingJvm.run(simulation, resultsFolder, reports, Map.of(), keyValues));
  }

  public RunStatistics summary() throws Exception {
    return jvm.summary();
  }

  public Path report() throws IOException {
    return jvm.report();
  }
}
