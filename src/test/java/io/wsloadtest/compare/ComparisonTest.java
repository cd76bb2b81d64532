package io.wsloadtest.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.simlog.SyntheticLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two runs compared on logs with known figures: what passes, what fails and which row says so. */
class ComparisonTest {

  static final String SIM = "io.wsloadtest.simulations.HeartbeatSimulation";

  /** A Gatling run folder: 100 connects of 1..100 ms, 1,000 heartbeats of 1..1000 ms times {@code slower}, KOs. */
  static Path run(Path dir, String name, int slower, int heartbeatKo, int drops) throws Exception {
    SyntheticLog log = new SyntheticLog(SIM).okRequests("connect", 0, 100);
    for (int i = 1; i <= 1000; i++) {
      log.request("heartbeat", 1000 + i, 1000 + i + (long) i * slower / 10, true, "");
    }
    for (int i = 0; i < heartbeatKo; i++) {
      log.request("heartbeat", 3000 + i, 5000 + i, false, "pong timeout");
    }
    for (int i = 0; i < drops; i++) {
      log.request("drop", 6000 + i, 6000 + i, false, "heartbeat timeout");
    }
    Path runDir = dir.resolve(name);
    log.write(runDir.resolve("simulation.log"));
    return runDir;
  }

  static Tolerances defaults(String... overrides) {
    Properties p = new Properties();
    for (int i = 0; i < overrides.length; i += 2) {
      p.setProperty(overrides[i], overrides[i + 1]);
    }
    List<String> problems = new ArrayList<>();
    Tolerances t = Tolerances.read(p, Map.of(), problems);
    assertEquals(List.of(), problems);
    return t;
  }

  @Test
  void aRunComparedWithItselfPasses(@TempDir Path dir) throws Exception {
    ComparedRun a = ComparedRun.read(run(dir, "a", 10, 0, 0));
    Comparison c = new Comparison(a, a, defaults());
    assertEquals(List.of(), c.exceeded());
    assertEquals("same", c.byWhat().get("heartbeat p99").change());
    assertEquals(CompareMain.WITHIN, CompareMain.report(a, a, defaults()));
  }

  @Test
  void aSlowerRunFailsOnItsP99RowByName(@TempDir Path dir) throws Exception {
    ComparedRun base = ComparedRun.read(run(dir, "base", 10, 0, 0));
    ComparedRun slow = ComparedRun.read(run(dir, "slow", 13, 0, 0)); // every heartbeat 30 % slower
    Comparison c = new Comparison(base, slow, defaults());
    Comparison.Row p99 = c.byWhat().get("heartbeat p99");
    assertEquals("990 ms", p99.baseline());
    assertEquals("1287 ms", p99.current());
    assertEquals("+30.0% > wsload.compare.max-p99-increase 20%", p99.exceeded());
    assertEquals(List.of("heartbeat p99"), c.exceeded().stream().map(Comparison.Row::what).toList(),
        "p50 and p95 are not judged by default; connect did not change");
    assertEquals(CompareMain.EXCEEDED, CompareMain.report(base, slow, defaults()));
    // 30 % is within a 40 % tolerance.
    assertEquals(List.of(), new Comparison(base, slow, defaults("wsload.compare.max-p99-increase", "40%")).exceeded());
  }

  @Test
  void timeoutsMakeTheP99AFailureNotAFastFigure(@TempDir Path dir) throws Exception {
    ComparedRun base = ComparedRun.read(run(dir, "base", 10, 0, 0));
    // 2 % of heartbeats time out: the answers that came are as fast as before, but the p99 falls on a KO.
    ComparedRun stalled = ComparedRun.read(run(dir, "stalled", 10, 21, 0));
    Comparison c = new Comparison(base, stalled, defaults());
    assertEquals("KO", c.byWhat().get("heartbeat p99").current());
    assertTrue(c.byWhat().get("heartbeat p99").exceeded().startsWith("was 990 ms, falls on failed responses now"));
    assertEquals("+2.06 points > wsload.compare.max-ko-increase 1", c.byWhat().get("heartbeat KO %").exceeded());
  }

  @Test
  void smallChangesBelowTheFloorAreNoise(@TempDir Path dir) throws Exception {
    ComparedRun base = ComparedRun.read(run(dir, "base", 10, 0, 0));
    ComparedRun slow = ComparedRun.read(run(dir, "slow", 13, 0, 0));
    // connect p99 is 99 ms in both; heartbeat p50 moves 500 -> 650 ms: judged once a p50 limit is set.
    Comparison c = new Comparison(base, slow, defaults("wsload.compare.max-p50-increase", "10%",
        "wsload.compare.latency-floor-ms", "200"));
    assertNull(c.byWhat().get("heartbeat p50").exceeded(), "+150 ms is within the 200 ms floor");
    assertEquals("+30.0% > wsload.compare.max-p99-increase 20%", c.byWhat().get("heartbeat p99").exceeded(),
        "+297 ms is above it");
  }

  @Test
  void dropsByCauseAndAbsentRequestsAreRows(@TempDir Path dir) throws Exception {
    ComparedRun base = ComparedRun.read(run(dir, "base", 10, 0, 0));
    ComparedRun dropping = ComparedRun.read(run(dir, "dropping", 10, 0, 7));
    Comparison c = new Comparison(base, dropping, defaults("wsload.compare.max-drops-increase", "5"));
    assertEquals("+7", c.byWhat().get("drops: heartbeat timeout").change());
    assertEquals("+7 > wsload.compare.max-drops-increase 5", c.byWhat().get("drops: all causes").exceeded());
    assertEquals("the request is absent from CURRENT", new Comparison(dropping, base, defaults()).byWhat().get("drop").exceeded());
  }

  @Test
  void capacitySearchesCompareTheirLastGoodLevel(@TempDir Path dir) throws Exception {
    Path level = run(dir, "old/levels/300", 10, 0, 0);
    Files.writeString(dir.resolve("old/capacity.json"), "{\"lastGood\":{\"level\":300,\"runDir\":\"levels/300\"}}");
    Files.createDirectories(dir.resolve("new"));
    Files.writeString(dir.resolve("new/capacity.json"), "{\"lastGood\":{\"level\":250,\"runDir\":\"\"}}");
    ComparedRun old = ComparedRun.read(dir.resolve("old"));
    assertEquals(level.resolve("simulation.log"), old.log);
    Comparison c = new Comparison(old, ComparedRun.read(dir.resolve("new")), defaults());
    assertEquals("-16.7% > wsload.compare.max-capacity-decrease 10%", c.byWhat().get("capacity (last good level)").exceeded());
  }

  @Test
  void folderThatHoldNoRunAreRefusedSayingWhatWasExpected(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("empty"));
    ComparedRun.Unreadable e = assertThrows(ComparedRun.Unreadable.class, () -> ComparedRun.read(dir.resolve("empty")));
    assertEquals(dir.resolve("empty") + ": holds no simulation.log, run-summary.json or capacity.json; name a bin/launch"
        + " run folder, a Gatling report folder (reports/NAME-TIME) or a bin/capacity folder", e.getMessage());
    run(dir, "reports/a", 10, 0, 0);
    run(dir, "reports/b", 10, 0, 0);
    e = assertThrows(ComparedRun.Unreadable.class, () -> ComparedRun.read(dir.resolve("reports")));
    assertEquals(dir.resolve("reports") + ": holds 2 runs ([a/simulation.log, b/simulation.log]); name one of them",
        e.getMessage());
    assertEquals(CompareMain.REFUSED, CompareMain.run(new String[] {dir.resolve("nope").toString(), dir.toString()}));
    assertEquals(CompareMain.REFUSED, CompareMain.run(new String[] {"only-one"}));
  }

  @Test
  void badTolerancesAreRefusedNamingTheKey() {
    Properties p = new Properties();
    p.setProperty("wsload.compare.max-p99-increase", "a lot");
    p.setProperty("wsload.compare.max-p99-increse", "5%");
    List<String> problems = new ArrayList<>();
    Tolerances.read(p, Map.of(), problems);
    assertEquals(List.of(
        "wsload.compare.max-p99-increse (from system properties): unknown key; did you mean"
            + " wsload.compare.max-p99-increase?",
        "wsload.compare.max-p99-increase = a lot: must be a number, 0 or more, such as 20% (\"\" = not judged)"),
        problems);
  }

  @Test
  void environmentAndProfilesSetTolerancesBelowSystemProperties() {
    List<String> problems = new ArrayList<>();
    Tolerances env = Tolerances.read(new Properties(), Map.of("WSLOAD_COMPARE_MAX__P99__INCREASE", "35%"), problems);
    assertEquals(35, env.maxP99Increase().getAsDouble());
    Properties p = new Properties();
    p.setProperty("wsload.compare.max-p99-increase", "5");
    Tolerances both = Tolerances.read(p, Map.of("WSLOAD_COMPARE_MAX__P99__INCREASE", "35%"), problems);
    assertEquals(5, both.maxP99Increase().getAsDouble());
    assertEquals(List.of(), problems);
  }
}
