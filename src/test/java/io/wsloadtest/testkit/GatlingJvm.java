package io.wsloadtest.testkit;

import io.wsloadtest.shards.GatlingCommand;
import io.wsloadtest.simlog.RunStatistics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Gatling JVM as a user starts it, with its own environment and separate stdout and stderr (a refused
 * configuration must land on stderr). Several can run at once: start them, then await each.
 */
public final class GatlingJvm {

  public final int exitCode;
  public final String stdout;
  public final String stderr;
  public final Path resultsFolder;

  private GatlingJvm(int exitCode, String stdout, String stderr, Path resultsFolder) {
    this.exitCode = exitCode;
    this.stdout = stdout;
    this.stderr = stderr;
    this.resultsFolder = resultsFolder;
  }

  public static GatlingJvm run(String simulation, Path results, boolean reports, Map<String, String> env, String... keyValues)
      throws IOException, InterruptedException {
    return start(simulation, results, reports, env, keyValues).await();
  }

  public static Started start(String simulation, Path results, boolean reports, Map<String, String> env, String... keyValues)
      throws IOException {
    Map<String, String> props = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    Path out = Files.createTempFile("gatling-run", ".out");
    Path err = Files.createTempFile("gatling-run", ".err");
    ProcessBuilder pb = new ProcessBuilder(GatlingCommand.of(simulation, results, 256, props, reports))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    pb.environment().putAll(env);
    return new Started(simulation, pb.start(), out, err, results);
  }

  /** A running Gatling JVM. */
  public record Started(String simulation, Process process, Path out, Path err, Path results) {
    public GatlingJvm await() throws IOException, InterruptedException {
      try {
        // Every run here is seconds long; a hung JVM must not hang the build.
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
          throw new AssertionError(simulation + " did not finish within 120 s:\n" + Files.readString(out)
              + Files.readString(err));
        }
        return new GatlingJvm(process.exitValue(), Files.readString(out), Files.readString(err), results);
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    }
  }

  public String all() {
    return stdout + "\n--- stderr ---\n" + stderr;
  }

  public RunStatistics summary() throws Exception {
    return RunStatistics.read(GatlingCommand.runFolder(resultsFolder).resolve("simulation.log"));
  }

  public Path report() throws IOException {
    return GatlingCommand.runFolder(resultsFolder).resolve("index.html");
  }
}
