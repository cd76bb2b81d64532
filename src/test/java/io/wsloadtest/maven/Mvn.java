package io.wsloadtest.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Maven run in this project as a user runs it (offline, batch mode); its exit code and output. */
public record Mvn(int exitCode, String output) {

  /** Runs {@code mvn -o -B ARGS} (each argument passed as is, no shell) and checks its exit code. */
  public static Mvn run(Path dir, int expectedExit, List<String> args) throws Exception {
    return run(dir, expectedExit, Map.of(), List.of(), args);
  }

  /** With {@code env} added, and {@code command} instead of mvn when not empty (e.g. bash .ci/run smoke). */
  public static Mvn run(Path dir, int expectedExit, Map<String, String> env, List<String> command, List<String> args)
      throws Exception {
    Path output = Files.createTempFile(dir, "mvn", ".out");
    List<String> cmd = new ArrayList<>(command);
    if (cmd.isEmpty()) {
      String home = System.getProperty("maven.home");
      cmd.addAll(List.of(home != null ? Path.of(home, "bin", "mvn").toString() : "mvn", "-o", "-B"));
    }
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
    pb.environment().putAll(env);
    Process mvn = pb.start();
    if (!mvn.waitFor(300, TimeUnit.SECONDS)) {
      mvn.descendants().forEach(ProcessHandle::destroyForcibly);
      mvn.destroyForcibly().waitFor();
      throw new AssertionError("mvn did not finish within 300 s:\n" + Files.readString(output));
    }
    String text = Files.readString(output);
    assertEquals(expectedExit, mvn.exitValue(), text);
    return new Mvn(mvn.exitValue(), text);
  }
}
