package io.wsloadtest.simulations;

import io.wsloadtest.simlog.RunStatistics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs one simulation in its own Gatling JVM, as a user would, and reads back what it recorded: a
 * {@link GatlingJvm} in this JVM's environment, its stdout and stderr read as one output.
 */
final class GatlingRun {

  final int exitCode;
  final String output;
  private final GatlingJvm jvm;

  private GatlingRun(GatlingJvm jvm) {
    this.jvm = jvm;
    this.exitCode = jvm.exitCode;
    this.output = jvm.all();
  }

  static GatlingRun run(String simulation, Path resultsFolder, boolean reports, String... keyValues)
      throws IOException, InterruptedException {
    return new GatlingRun(GatlingJvm.run(simulation, resultsFolder, reports, Map.of(), keyValues));
  }

  RunStatistics summary() throws Exception {
    return jvm.summary();
  }

  Path report() throws IOException {
    return jvm.report();
  }
}
