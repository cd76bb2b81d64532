package io.wsloadtest.conformance;

import io.wsloadtest.shards.GatlingCommand;
import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.simlog.SimulationLogException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One simulation in its own Gatling JVM against a server not written here, as a user runs it: only the
 * target, the load's size and what the caller adds are set, every scenario default stays.
 */
final class ForeignServerRun {

  final int exitCode;
  final String output;
  final RunStatistics summary;

  private ForeignServerRun(int exitCode, String output, RunStatistics summary) {
    this.exitCode = exitCode;
    this.output = output;
    this.summary = summary;
  }

  /** keyValues: -D properties on top of target, users, ramp and hold. */
  static ForeignServerRun run(String simulation, String target, int users, Path results, String... keyValues)
      throws Exception {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("target", target);
    props.put("users", String.valueOf(users));
    props.put("ramp", "1s");
    props.put("hold", "2s");
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    Path out = Files.createTempFile(results, "gatling", ".out");
    Process p = new ProcessBuilder(GatlingCommand.of(simulation, results, 256, props, false))
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    // Every run here is seconds long; a hung JVM must not hang the build.
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(simulation + " did not finish within 120 s:\n" + Files.readString(out));
    }
    String output = Files.readString(out);
    RunStatistics summary = null;
    try {
      summary = RunStatistics.read(GatlingCommand.runFolder(results).resolve("simulation.log"));
    } catch (java.io.IOException | SimulationLogException e) {
      // refused before load: no run folder, nothing recorded; the exit code and output say why
    }
    // One line per run in the build log: which server, what came back.
    StringBuilder counts = new StringBuilder();
    if (summary != null) {
      summary.requests.forEach((name, okKo) -> counts.append(", ").append(name).append(' ').append(okKo[0])
          .append('/').append(okKo[1]));
    }
    System.out.printf("conformance: %s against %s: exit %d (request OK/KO%s)%n", simulation, target, p.exitValue(),
        counts);
    return new ForeignServerRun(p.exitValue(), output, summary);
  }

  @Override
  public String toString() {
    return "exit " + exitCode + ", " + summary + "\n" + output;
  }
}
