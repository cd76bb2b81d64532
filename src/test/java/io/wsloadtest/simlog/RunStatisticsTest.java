package io.wsloadtest.simlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.testkit.SmallRuns;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run-wide figures: exact on a log written record by record, consistent on real logs of small Gatling runs. */
class RunStatisticsTest {

  static final long T0 = 1_700_000_000_000L;

  /** A Gatling 3.15.1 log with the given request records: name, start and end (ms after T0), ok, message. */
  static Path log(Path dir, String file, Object[]... requests) throws Exception {
    LogHeader h = new LogHeader();
    h.gatlingVersionRaw = LogString.of(LogReader.SUPPORTED_GATLING_VERSION);
    h.simulationClassRaw = LogString.of("io.wsloadtest.simulations.HeartbeatSimulation");
    h.start = T0;
    h.description = LogString.EMPTY;
    h.scenarios.add(LogString.of("heartbeat"));
    Path out = dir.resolve(file);
    try (LogWriter w = LogWriter.open(out, h)) {
      for (Object[] r : requests) {
        LogRecord rec = new LogRecord();
        rec.type = LogRecord.REQUEST;
        rec.name = LogString.of((String) r[0]);
        rec.start = T0 + (int) r[1];
        rec.end = T0 + (int) r[2];
        rec.ok = (boolean) r[3];
        rec.message = LogString.of((String) r[4]);
        w.write(rec, new int[] {0});
      }
    }
    return out;
  }

  static Object[] req(String name, int start, int end, boolean ok, String message) {
    return new Object[] {name, start, end, ok, message};
  }

  @Test
  void peakOpenCountsConnectionsNotAttempts(@TempDir Path dir) throws Exception {
    RunStatistics s = RunStatistics.read(log(dir, "a.log",
        req("connect", 0, 10, true, ""),
        req("connect", 5, 20, true, ""),
        req("connect", 6, 30, false, "j.n.ConnectException: Connection refused"),
        req("drop", 30, 30, false, "connect refused"),        // a failed connect: nothing was open
        req("drop", 40, 40, false, "server close 1001"),      // a lost link: one fewer open
        req("reconnect", 50, 60, true, ""),
        req("connect", 55, 70, true, ""),                     // 3 open at 70
        req("close", 80, 81, true, "")));
    assertEquals(3, s.peakOpen());
    assertEquals(4, s.ok("connect") + s.ok("reconnect"));
  }

  @Test
  void shardsSummedCountWhatWasOpenAtTheSameMoment(@TempDir Path dir) throws Exception {
    // Shard a holds 2 from 10 to 100; shard b holds 2 from 50 to 60 and 1 from 200: 4 at once, not 5.
    RunStatistics a = RunStatistics.read(log(dir, "a.log", req("connect", 0, 10, true, ""),
        req("connect", 0, 10, true, ""), req("close", 100, 101, true, ""), req("close", 100, 101, true, "")));
    RunStatistics b = RunStatistics.read(log(dir, "b.log", req("connect", 40, 50, true, ""),
        req("connect", 40, 50, true, ""), req("close", 60, 61, true, ""), req("close", 60, 61, true, ""),
        req("connect", 190, 200, true, "")));
    assertEquals(4, new RunStatistics().plus(a).plus(b).peakOpen());
  }

  @Test
  void twoRealRunsOneAfterTheOtherNeverOverlap(@TempDir Path dir) throws Exception {
    RunStatistics a = RunStatistics.read(SmallRuns.connectLog(dir.resolve("a"), 30));
    RunStatistics b = RunStatistics.read(SmallRuns.connectLog(dir.resolve("b"), 20));
    assertTrue(a.peakOpen() > 0 && a.peakOpen() <= 30, "a " + a.peakOpen());
    assertTrue(b.peakOpen() > 0 && b.peakOpen() <= 20, "b " + b.peakOpen());
    assertEquals(Math.max(a.peakOpen(), b.peakOpen()), new RunStatistics().plus(a).plus(b).peakOpen());
  }

  @Test
  void peakConnectStartsPerSecondFindsTheBurstAcrossShards(@TempDir Path dir) throws Exception {
    // Shard a starts 3 connects in its first second, shard b 2 more within 1,000 ms of them; reconnects
    // and connects inside groups are not first connects.
    RunStatistics a = RunStatistics.read(log(dir, "a.log", req("connect", 0, 10, true, ""),
        req("connect", 400, 410, false, "refused"), req("connect", 999, 1010, true, ""),
        req("connect", 3000, 3010, true, ""), req("reconnect", 1100, 1110, true, "")));
    RunStatistics b = RunStatistics.read(log(dir, "b.log", req("connect", 1000, 1010, true, ""),
        req("connect", 1300, 1310, true, "")));
    assertEquals(3, a.peakConnectStartsPerSecond());
    assertEquals(4, new RunStatistics().plus(a).plus(b).peakConnectStartsPerSecond()); // 400, 999, 1000, 1300
    assertEquals(0, new RunStatistics().peakConnectStartsPerSecond());
  }
}
