package io.wsloadtest.gatling;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a run ended, as a small file a CI step can read: its exit code, the outcome that code stands for, and
 * one line of detail. {@code mvn gatling:test} can only exit 0 or 1 (Maven's own codes), so this file is
 * where "an assertion failed" (2) and "refused before load" (3) stay apart.
 *
 * @param exitCode the exit code of the run's JVM (bin/launch: of the launcher); null when the JVM was stopped
 *                 from outside before its run ended (its code is then the signal's, e.g. 143 for SIGTERM)
 * @param outcome  passed, assertion failed, refused, failed, shard failed, report failed, stopped
 * @param detail   what failed or was refused, or "" when nothing did
 */
public record RunOutcome(Integer exitCode, String outcome, String detail) {

  /** The file's name, in a run's report folder and, for the latest run, in its results folder. */
  public static final String FILE = "outcome.json";

  public static final int PASSED = 0;
  public static final int FAILED = 1;
  public static final int ASSERTION_FAILED = 2;
  public static final int REFUSED = 3;

  /** Why this JVM's run was refused before load, once it was (it then exits with {@link #REFUSED}). */
  private static volatile String refusal;

  /** Call when the run is refused before load, just before the JVM exits with code 3. */
  public static void recordRefusal(String why) {
    refusal = why;
  }

  /** The outcome of a JVM that ended before its run did: refused (recorded), else stopped from outside. */
  static RunOutcome endedEarly() {
    String why = refusal;
    return why != null ? new RunOutcome(REFUSED, "refused", why)
        : new RunOutcome(null, "stopped", "the JVM ended before the run did (stopped by a signal, or System.exit"
            + " during the run)");
  }

  /** A Gatling JVM's exit status as an outcome. */
  public static RunOutcome ofGatlingStatus(int status, String detail) {
    return new RunOutcome(status, switch (status) {
      case PASSED -> "passed";
      case ASSERTION_FAILED -> "assertion failed";
      case REFUSED -> "refused";
      default -> "failed";
    }, detail);
  }

  /** Written whole or not at all, so a reader never sees half of it. */
  public void write(Path file) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("exitCode", exitCode);
    json.put("outcome", outcome);
    json.put("detail", detail);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), json);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Writes, or says on stderr why it could not: the run's own exit code must not depend on this file. */
  public void writeQuietly(Path file) {
    try {
      write(file);
    } catch (IOException | RuntimeException e) {
      System.err.println("could not write " + file + ": " + e.getMessage());
    }
  }
}
