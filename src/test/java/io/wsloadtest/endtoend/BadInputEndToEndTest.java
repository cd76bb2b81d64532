package io.wsloadtest.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.run.RunRefused;
import io.wsloadtest.testkit.GatlingJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Rows of the bad-input table (BadInputTableTest) the way a user meets them: a Gatling JVM that exits 3 with
 * the message on stderr, no stack trace and no simulation.log; and an unknown -Dsimulation refused by Maven.
 * The JVMs run side by side to keep the build short.
 */
@Isolated // Maven in this project (compiles into target/, which the concurrent tests run from): alone, not beside the other end-to-end classes
class BadInputEndToEndTest {

  static final String HEADER = "Invalid ws-loadtest configuration, no load was started:\n  - ";

  @Test
  void mistakesStopTheGatlingJvmBeforeLoad_andAnUnknownSimulationStopsMaven(@TempDir Path dir) throws Exception {
    // The simulation check runs in Maven once the tests are compiled, before Gatling starts: run Maven as a user would.
    Path mvnOut = dir.resolve("mvn.out");
    Process mvn = new ProcessBuilder(maven(), "-o", "-q", "-B", "test-compile", "-Dsimulation=Nope")
        .redirectErrorStream(true)
        .redirectOutput(mvnOut.toFile())
        .start();
    Path csv = Files.writeString(dir.resolve("targets.csv"), "127.0.0.1,9001,/echo\n127.0.0.1,nine,/echo\n");
    String token = "tok-" + Long.toHexString(System.nanoTime());
    Path debugLogging = Files.writeString(dir.resolve("logback-debug.xml"), """
        <configuration>
          <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%msg%n</pattern></encoder>
          </appender>
          <logger name="io.gatling.http.engine.response" level="DEBUG"/>
          <root level="WARN"><appender-ref ref="CONSOLE"/></root>
        </configuration>
        """);

    GatlingJvm.Started profile = GatlingJvm.start("Connect", results(dir, "profile"), false, Map.of(),
        "profile", "nope");
    GatlingJvm.Started badRow = GatlingJvm.start("Echo", results(dir, "csv"), false, Map.of(),
        "target", "csv:" + csv);
    GatlingJvm.Started fromEnv = GatlingJvm.start("Heartbeat", results(dir, "env"), false,
        Map.of("WSLOAD_HEARTBEAT_TIMEOUT", "5s"));
    GatlingJvm.Started leakyLogs = GatlingJvm.start("Connect", results(dir, "debug"), false,
        Map.of("WSLOAD_HANDSHAKE_HEADERS_AUTHORIZATION", token),
        "logback.configurationFile", debugLogging.toString());

    assertRefused(profile.await(), "wsload.profile = 'nope': unknown profile; known profiles: 100k, 100k-pods, 15k, 250k, smoke, soak, steps");
    assertRefused(badRow.await(), "wsload.target = csv:" + csv + ": " + csv
        + " line 2 '127.0.0.1,nine,/echo': port 'nine' is not a number 1-65535");
    // The smoke profile's heartbeat interval is 2s.
    assertRefused(fromEnv.await(), "wsload.heartbeat.timeout = 5s: must be shorter than wsload.heartbeat.interval (2s)");
    GatlingJvm leaky = leakyLogs.await();
    assertRefused(leaky, "wsload.handshake.headers (authorization=***): logger io.gatling.http.engine.response is at"
        + " DEBUG or TRACE, which logs request headers; set it to INFO in logback-test.xml, or remove the headers");
    assertFalse(leaky.all().contains(token), leaky.all());

    if (!mvn.waitFor(120, TimeUnit.SECONDS)) {
      mvn.destroyForcibly().waitFor();
      throw new AssertionError("mvn test-compile did not finish within 120 s:\n" + Files.readString(mvnOut));
    }
    String output = Files.readString(mvnOut);
    assertEquals(1, mvn.exitValue(), output);
    assertTrue(output.contains("Unknown simulation 'Nope' (io.wsloadtest.simulations.NopeSimulation): not a Simulation"
        + " in src/test/java."), output);
    assertTrue(output.contains("io.wsloadtest.simulations.EchoSimulation  (-Dsimulation=Echo)"), output);
  }

  private static void assertRefused(GatlingJvm run, String expected) throws IOException {
    assertEquals(RunRefused.EXIT_CODE, run.exitCode, run.all());
    assertTrue(run.stderr.contains(HEADER + expected + "\n"), "message on stderr:\n" + run.all());
    assertFalse(run.all().contains("\tat ") || run.all().contains("Caused by"), "no stack trace:\n" + run.all());
    try (Stream<Path> files = Files.walk(run.resultsFolder)) {
      List<Path> logs = files.filter(f -> f.getFileName().toString().equals("simulation.log")).toList();
      assertEquals(List.of(), logs, "no load was recorded");
    }
  }

  private static Path results(Path dir, String name) throws IOException {
    return Files.createDirectory(dir.resolve(name));
  }

  /** The Maven running this build when it says so, else mvn on the PATH. */
  private static String maven() {
    String home = System.getProperty("maven.home");
    return home != null ? Path.of(home, "bin", "mvn").toString() : "mvn";
  }
}
