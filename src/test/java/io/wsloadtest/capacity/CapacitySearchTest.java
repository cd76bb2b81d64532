package io.wsloadtest.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.compare.RequestFigures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The search's logic on fake measurements: levels, bisection to the resolution, verdicts, inconclusive levels. */
class CapacitySearchTest {

  static final Slo HEARTBEAT_100MS = new Slo(SloKind.HEARTBEAT_P99, 100, "100ms");
  final List<LevelRow> seen = new ArrayList<>();

  CapacitySearch search(List<Long> levels, long resolution, Slo... slos) {
    return new CapacitySearch(levels, resolution, List.of(slos), 90, 50, 10, seen::add);
  }

  @Test
  void stepsUpToTheFirstBadLevelThenBisectsToTheResolution() throws Exception {
    FakeLevels server = FakeLevels.knee(3_300);
    SearchResult r = search(List.of(1_000L, 2_000L, 4_000L, 8_000L), 100, HEARTBEAT_100MS).run(server);
    // 4,000 is bad: bisect 2,000..4,000 -> 3,000 good, 3,500 bad, 3,250 good, 3,375 bad, 3,312 bad (62 apart).
    assertEquals(List.of(1_000L, 2_000L, 4_000L, 3_000L, 3_500L, 3_250L, 3_375L, 3_312L), server.asked);
    assertEquals(List.of("step", "step", "step", "bisect", "bisect", "bisect", "bisect", "bisect"), server.phases);
    assertEquals(SearchResult.Outcome.COMPLETED, r.outcome());
    assertEquals(3_250, r.lastGood().level());
    assertEquals(3_312, r.firstBad().level());
    assertTrue(r.firstBad().level() - r.lastGood().level() <= 100);
    assertEquals("heartbeat-p99", r.firstBrokenSlo());
    assertEquals("500 ms", r.firstBad().broken().get(0).actual());
    assertEquals(8, seen.size(), "every level is reported as it ends");
  }

  @Test
  void theLastGoodLevelIsWithinTheResolutionOfAnyKnee() throws Exception {
    for (long knee = 150; knee < 1_000; knee += 37) {
      SearchResult r = search(List.of(100L, 200L, 400L, 800L, 1_600L), 10, HEARTBEAT_100MS).run(FakeLevels.knee(knee));
      assertTrue(r.lastGood().level() <= knee && knee - r.lastGood().level() < 10, "knee " + knee + ": " + r.lastGood().level());
      assertTrue(r.firstBad().level() > knee && r.firstBad().level() - r.lastGood().level() <= 10, "knee " + knee);
    }
  }

  @Test
  void aKneeExactlyOnALevelIsThatLevel() throws Exception {
    SearchResult r = search(List.of(160L, 240L, 320L, 400L), 25, HEARTBEAT_100MS).run(FakeLevels.knee(300));
    assertEquals(300, r.lastGood().level());
    assertEquals(320, r.firstBad().level());
  }

  @Test
  void noBadLevelUpToTheLastMeansTheLastIsTheAnswer() throws Exception {
    FakeLevels server = FakeLevels.knee(1_000_000);
    SearchResult r = search(List.of(100L, 200L, 300L), 10, HEARTBEAT_100MS).run(server);
    assertEquals(SearchResult.Outcome.COMPLETED, r.outcome());
    assertEquals(0, r.outcome().exitCode);
    assertEquals(300, r.lastGood().level());
    assertNull(r.firstBad());
    assertNull(r.firstBrokenSlo());
    assertEquals(List.of(100L, 200L, 300L), server.asked);
  }

  @Test
  void anSloBrokenAtTheFirstLevelEndsTheSearchWithItsOwnExitCode() throws Exception {
    FakeLevels server = FakeLevels.knee(50);
    SearchResult r = search(List.of(100L, 200L), 10, HEARTBEAT_100MS).run(server);
    assertEquals(SearchResult.Outcome.BROKEN_AT_FIRST_LEVEL, r.outcome());
    assertEquals(5, r.outcome().exitCode);
    assertNull(r.lastGood());
    assertEquals(100, r.firstBad().level());
    assertEquals(List.of(100L), server.asked, "nothing is searched below the first level");
  }

  @Test
  void aSaturatedInjectorMakesItsLevelInconclusiveAndStopsTheSearch() throws Exception {
    // The server is fine everywhere; the injector is at 95 % of a core from 300 up.
    FakeLevels server = new FakeLevels(level -> FakeLevels.heartbeat(level, 5, 0, level >= 300 ? 95 : 40));
    SearchResult r = search(List.of(100L, 200L, 300L, 400L), 10, HEARTBEAT_100MS).run(server);
    assertEquals(SearchResult.Outcome.INCONCLUSIVE, r.outcome());
    assertEquals(6, r.outcome().exitCode);
    assertEquals(200, r.lastGood().level());
    assertNull(r.firstBad());
    assertEquals(300, r.inconclusive().level());
    assertEquals("injector shard 0 used 95 % of a core (limit 90 %): the injector measured itself, not the server",
        r.inconclusive().reason());
    assertEquals(List.of(100L, 200L, 300L), server.asked);
  }

  @Test
  void aSaturatedInjectorIsInconclusiveEvenWhereTheServerLooksBad() throws Exception {
    FakeLevels server = new FakeLevels(level -> FakeLevels.heartbeat(level, 500, 0, 99));
    SearchResult r = search(List.of(100L, 200L), 10, HEARTBEAT_100MS).run(server);
    assertEquals(SearchResult.Outcome.INCONCLUSIVE, r.outcome());
    assertNull(r.firstBad(), "slow answers from a saturated injector are not the server's");
  }

  @Test
  void anInconclusiveLevelWhileBisectingKeepsTheBoundsFoundSoFar() throws Exception {
    FakeLevels server = new FakeLevels(level -> level == 150
        ? FakeLevels.withInjector(FakeLevels.heartbeat(level, 5, 0, 20), 20, 5, 25) : FakeLevels.heartbeat(level, level <= 170 ? 5 : 500, 0, 20));
    SearchResult r = search(List.of(100L, 200L), 10, HEARTBEAT_100MS).run(server);
    assertEquals(SearchResult.Outcome.INCONCLUSIVE, r.outcome());
    assertEquals(100, r.lastGood().level());
    assertEquals(200, r.firstBad().level());
    assertEquals(150, r.inconclusive().level());
    assertEquals("injector shard 0 spent 25.0 % of the level in GC pauses (limit 10 %): the injector measured itself,"
        + " not the server", r.inconclusive().reason());
  }

  @Test
  void gcPausesOfAStarvedInjectorArePutDownToTheBusyHost() throws Exception {
    FakeLevels server = new FakeLevels(level -> FakeLevels.withInjector(FakeLevels.heartbeat(level, 800, 0, 25), 25, 91, 16.3));
    SearchResult r = new CapacitySearch(List.of(100L), 10, List.of(HEARTBEAT_100MS), 90, Double.POSITIVE_INFINITY, 10,
        row -> {}).run(server);
    assertEquals("injector shard 0 spent 16.3 % of the level in GC pauses (limit 10 %); its threads waited for a CPU"
        + " 91 % of the time they had work: the host is busy with other processes: the injector measured itself, not"
        + " the server", r.inconclusive().reason());
  }

  @Test
  void anInjectorStarvedOfCpuIsInconclusive() throws Exception {
    FakeLevels server = new FakeLevels(level -> FakeLevels.withInjector(FakeLevels.heartbeat(level, 700, 0, 30), 30, 89, 1));
    SearchResult r = search(List.of(100L), 10, HEARTBEAT_100MS).run(server);
    assertEquals(SearchResult.Outcome.INCONCLUSIVE, r.outcome());
    assertTrue(r.inconclusive().reason().startsWith("injector shard 0 waited for a CPU 89 % of the time it had work"
        + " (limit 50 %"), r.inconclusive().reason());
  }

  @Test
  void aLevelWhoseRunFailedIsInconclusiveWithTheReason() throws Exception {
    FakeLevels server = new FakeLevels(level -> level == 200
        ? LevelFigures.failed(level, "levels/200", 1, 30, "its run failed (launcher exit 1): FAILED: shard 1 failed (exit 137)")
        : FakeLevels.heartbeat(level, 5, 0, 20));
    SearchResult r = search(List.of(100L, 200L, 300L), 10, HEARTBEAT_100MS).run(server);
    assertEquals(SearchResult.Outcome.INCONCLUSIVE, r.outcome());
    assertEquals("its run failed (launcher exit 1): FAILED: shard 1 failed (exit 137)", r.inconclusive().reason());
  }

  @Test
  void heartbeatsThatTimeOutBreakTheP99WhateverTheAnswersTook() throws Exception {
    // 2 % of heartbeats failed: the p99 falls on them, though every answer that came was fast.
    FakeLevels server = new FakeLevels(level -> FakeLevels.heartbeat(level, level > 150 ? RequestFigures.FAILED : 5,
        level > 150 ? level / 10 : 0, 20));
    SearchResult r = search(List.of(100L, 200L), 100, HEARTBEAT_100MS).run(server);
    assertEquals(200, r.firstBad().level());
    assertTrue(r.firstBad().broken().get(0).actual().startsWith("KO ("), r.firstBad().broken().toString());
  }

  @Test
  void ofSeveralBrokenSlosTheOneFurthestOverItsLimitBrokeFirst() throws Exception {
    Slo ko = new Slo(SloKind.KO_PERCENT, 1, "1");
    Slo connect = new Slo(SloKind.CONNECT_P99, 250, "250ms");
    // At 200: heartbeat 500 ms (5x its limit), connect 600 ms (2.4x), KO 1.2 % (1.2x).
    FakeLevels server = new FakeLevels(level -> level == 100 ? FakeLevels.heartbeat(level, 5, 0, 20)
        : new LevelFigures(level, level, level, Map.of(
            "connect", new RequestFigures("connect", 200, 0, 5, 100, 600, 700),
            "heartbeat", new RequestFigures("heartbeat", 600, 0, 5, 100, 500, 900)),
            Map.of(), 1.2, Map.of(), 0, 0, List.of(), "levels/200", null, 0, 10, null));
    SearchResult r = search(List.of(100L, 200L), 1000, ko, connect, HEARTBEAT_100MS).run(server);
    LevelRow bad = r.firstBad();
    assertEquals(List.of("heartbeat-p99", "connect-p99", "ko-percent"), bad.broken().stream().map(Slo.Breach::slo).toList());
    assertEquals("heartbeat-p99", r.firstBrokenSlo());
    assertEquals("1.20 %", bad.broken().get(2).actual());
  }

  @Test
  void aLevelWithoutTheRequestAnSloNeedsIsBad() throws Exception {
    FakeLevels server = new FakeLevels(level -> level == 100 ? FakeLevels.heartbeat(level, 5, 0, 20)
        : new LevelFigures(level, level, 0, Map.of(), Map.of(), 100, Map.of("connect refused", level), 0, 0, List.of(),
            "levels/x", null, 2, 10, null));
    SearchResult r = search(List.of(100L, 200L), 1000, HEARTBEAT_100MS).run(server);
    assertEquals("no heartbeat response", r.firstBad().broken().get(0).actual());
  }

  @Test
  void geometricStepsEndAtMax() {
    assertEquals(List.of(100L, 200L, 400L, 800L, 1_000L), stepLevels("100", "x2", "1000"));
    assertEquals(List.of(1_000L, 2_000L, 3_000L), stepLevels("1000", "1000", "3000"));
    assertEquals(List.of(500L), stepLevels("500", "100", "500"));
  }

  static List<Long> stepLevels(String start, String step, String max) {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("wsload.capacity.start", start);
    p.setProperty("wsload.capacity.step", step);
    p.setProperty("wsload.capacity.max", max);
    p.setProperty("wsload.capacity.slo.heartbeat-p99", "100ms");
    List<String> problems = new ArrayList<>();
    CapacitySettings s = CapacitySettings.read(p, Map.of(), problems);
    assertEquals(List.of(), problems);
    return s.stepLevels();
  }

  @Test
  void aSimulationOfTheUsersOwnIsCheckedForTheSlosRequestsAtItsFirstLevel() throws Exception {
    Slo echo = new Slo(SloKind.ECHO_P99, 200, "200ms");
    FakeLevels server = FakeLevels.knee(1_000);
    SearchResult r = search(List.of(100L, 200L), 10, echo).run(new FirstLevelChecks(server, List.of(echo)));
    assertEquals(List.of(100L), server.asked, "no level after the first");
    assertEquals(SearchResult.Outcome.INCONCLUSIVE, r.outcome());
    assertEquals(FirstLevelChecks.PREFIX + "wsload.capacity.slo.echo-p99 = 200ms: the simulation made no same text back"
        + " or same bytes back request at its first level (it made connect, heartbeat)", r.inconclusive().reason());
    // An SLO on a request it makes searches on.
    FakeLevels again = FakeLevels.knee(150);
    SearchResult ok = search(List.of(100L, 200L), 10, HEARTBEAT_100MS).run(new FirstLevelChecks(again, List.of(HEARTBEAT_100MS)));
    assertEquals(SearchResult.Outcome.COMPLETED, ok.outcome());
  }
}
