package io.wsloadtest.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsloadtest.testkit.RefusedPort;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * {@code mvn gatling:test} keeps two promises through the gatling-maven-plugin's fork: every -D value reaches the
 * Gatling JVM exactly as typed, and the run's own exit code (2 an assertion failed, 3 refused) is in
 * outcome.json though Maven can only exit 0 or 1; {@code .ci/run smoke} exits with that code.
 */
@Isolated // Maven in this project (compiles into target/, which the concurrent tests run from): alone, not beside the other end-to-end classes
class MavenForkEndToEndTest {

  static final ObjectMapper JSON = new ObjectMapper();

  /** Values the plugin used to escape: quotes, backslashes (also before n, t, u), control characters, non-ASCII. */
  static Map<String, String> typed() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("probe.json", "{\"type\": \"ping\", \"note\": \"it's\"}");
    values.put("probe.expression", "Bearer #{token}");
    values.put("probe.dollars", "$HOME ${x} \\$");
    values.put("probe.backslashes", "C:\\new\\table \\\\ \\\" \\u00e9 ends with \\");
    values.put("probe.tab", "a\tb");
    // Only where this JVM can pass them on: its command lines are encoded with sun.jnu.encoding.
    if (Charset.forName(System.getProperty("sun.jnu.encoding", "US-ASCII")).equals(StandardCharsets.UTF_8)) {
      values.put("probe.unicode", "é ü ß 😀");
    }
    return values;
  }

  @Test
  void everyDashDValueReachesTheGatlingJvmExactlyAsTyped(@TempDir Path dir) throws Exception {
    List<String> args = new ArrayList<>(List.of("gatling:test",
        "-Dgatling.simulationClass=" + PropertyProbeSimulation.class.getName(), "-Dgatling.noReports=true",
        "-Dgatling.resultsFolder=" + dir.resolve("reports")));
    typed().forEach((k, v) -> args.add("-D" + k + "=" + v));
    String out = Mvn.run(dir, 0, args).output();
    typed().forEach((k, v) -> {
      String expected = "property " + k + " = " + HexFormat.of().formatHex(v.getBytes(StandardCharsets.UTF_8));
      assertTrue(out.lines().anyMatch(expected::equals), k + " typed as [" + v + "], expected " + expected + " in:\n"
          + out.lines().filter(l -> l.startsWith("property ")).toList());
    });
  }

  @Test
  void aRefusedConfigurationIsExitThreeInOutcomeJsonThoughMavenExitsOne(@TempDir Path dir) throws Exception {
    Path reports = dir.resolve("reports");
    Mvn.run(dir, 1, List.of("gatling:test", "-Dusers=0", "-Dgatling.resultsFolder=" + reports));
    JsonNode outcome = JSON.readTree(reports.resolve("outcome.json").toFile());
    assertEquals(3, outcome.at("/exitCode").asInt(), outcome.toString());
    assertEquals("refused", outcome.at("/outcome").asText());
    assertTrue(outcome.at("/detail").asText().contains("wsload.users = 0: must be a whole number greater than 0"),
        outcome.toString());
  }

  @Test
  void aFailedAssertionIsExitTwoInTheRunsFolderAndTheLatestOutcome(@TempDir Path dir) throws Exception {
    Path reports = dir.resolve("reports");
    try (RefusedPort dead = new RefusedPort()) {
      Mvn.run(dir, 1, List.of("gatling:test", "-Dtarget=" + dead.url(), "-Dusers=2",
          "-Dramp=1s", "-Dhold=1s", "-Dgatling.resultsFolder=" + reports));
    }
    JsonNode latest = JSON.readTree(reports.resolve("outcome.json").toFile());
    assertEquals(2, latest.at("/exitCode").asInt(), latest.toString());
    assertEquals("assertion failed", latest.at("/outcome").asText());
    try (Stream<Path> runs = Files.list(reports)) {
      Path run = runs.filter(Files::isDirectory).findFirst().orElseThrow();
      assertEquals(latest, JSON.readTree(run.resolve("outcome.json").toFile()), "the run's own report folder");
    }
  }

  /**
   * -Dwsload.baseline on mvn gatling:test: a run that passed its assertions but is worse than its baseline (here a
   * log whose heartbeats all took 1 ms, against a server that answers 300 ms late) is exit 2, the row named.
   */
  @Test
  void aRunWorseThanItsBaselineIsExitTwo(@TempDir Path dir) throws Exception {
    Path baseline = dir.resolve("baseline");
    io.wsloadtest.simlog.SyntheticLog log = new io.wsloadtest.simlog.SyntheticLog(
        "io.wsloadtest.simulations.HeartbeatSimulation");
    for (int i = 0; i < 100; i++) {
      log.request("connect", i, i + 1, true, "").request("heartbeat", 1000 + i, 1001 + i, true, "");
    }
    log.write(baseline.resolve("simulation.log"));
    Path reports = dir.resolve("reports");
    String out = Mvn.run(dir, 1, List.of("gatling:test", "-Dsimulation=Heartbeat", "-Dusers=5", "-Dramp=1s",
        "-Dhold=2s", "-Dwsload.server.fault.reply-delay=300ms", "-Dwsload.baseline=" + baseline,
        "-Dgatling.noReports=true", "-Dgatling.resultsFolder=" + reports)).output();
    assertTrue(out.contains("WORSE THAN BASELINE: heartbeat p99"), out);
    JsonNode latest = JSON.readTree(reports.resolve("outcome.json").toFile());
    assertEquals(2, latest.at("/exitCode").asInt(), latest.toString());
    assertTrue(latest.at("/detail").asText().startsWith("worse than its baseline"), latest.toString());
  }

  /** CI's smoke step: the run's code, not Maven's 1. */
  @Test
  void ciRunSmokeExitsWithTheRunsOwnCode(@TempDir Path dir) throws Exception {
    String out = Mvn.run(dir, 3, Map.of(), List.of("bash", ".ci/run", "smoke"),
        List.of("-o", "-Dusers=0", "-Dgatling.resultsFolder=" + dir.resolve("reports"))).output();
    assertTrue(out.contains("outcome: refused (exit 3; " + dir.resolve("reports") + "/outcome.json)"), out);
  }
}
