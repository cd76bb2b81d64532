package io.wsloadtest.simulations;

import io.wsloadtest.shards.GatlingCommand;
import io.wsloadtest.shards.SimulationLogMerger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one simulation in its own Gatling JVM, as a user would, and reads back what it recorded. */
final class GatlingRun {

  final int exitCode;
  final String output;
  final Path resultsFolder;

  private GatlingRun(int exitCode, String output, Path resultsFolder) {
    this.exitCode = exitCode;
    this.output = output;
    this.resultsFolder = resultsFolder;
  }

  static GatlingRun run(String simulation, Path resultsFolder, boolean reports, String... keyValues)
      throws IOException, InterruptedException {
    Map<String, String> props = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    Path log = Files.createTempFile("gatling-run", ".out");
    Process p = new ProcessBuilder(GatlingCommand.of(simulation, resultsFolder, 256, props, reports))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    // Every run here is seconds long; a hung JVM must not hang the build.
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(simulation + " did not finish within 120 s:\n" + Files.readString(log));
    }
    String out = Files.readString(log);
    Files.delete(log);
    return new GatlingRun(p.exitValue(), out, resultsFolder);
  }

  SimulationLogMerger.Summary summary() throws Exception {
    return SimulationLogMerger.read(GatlingCommand.runFolder(resultsFolder).resolve("simulation.log"));
  }

  Path report() throws IOException {
    return GatlingCommand.runFolder(resultsFolder).resolve("index.html");
  }
}
