package io.wsloadtest.simlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A window of a log counts the records that started in it, with exact percentiles of those alone. */
class RunStatisticsWindowTest {

  @Test
  void onlyRecordsStartedInTheWindowCount(@TempDir Path dir) throws Exception {
    Path log = new SyntheticLog("io.wsloadtest.simulations.HeartbeatSimulation")
        .request("connect", 0, 400, true, "")             // the ramp: slow, outside the window
        .request("heartbeat", 100, 900, true, "")         // a slow heartbeat of the ramp
        .okRequests("heartbeat", 1_000, 100)              // the hold: 1..100 ms
        .request("heartbeat", 1_200, 3_200, false, "pong timeout")
        .request("close", 5_000, 5_001, true, "")         // after the window
        .write(dir.resolve("simulation.log"));
    long from = SyntheticLog.T0 + 1_000;
    long to = SyntheticLog.T0 + 4_000;
    RunStatistics hold = RunStatistics.read(log, from, to);
    assertEquals(100, hold.ok("heartbeat"));
    assertEquals(1, hold.ko("heartbeat"));
    assertEquals(0, hold.ok("connect") + hold.ok("close"));
    assertEquals(99, hold.percentile("heartbeat", 99));
    assertEquals(100, hold.percentile("heartbeat", 100));
    assertEquals(1L, hold.errors.get("pong timeout"));

    RunStatistics whole = RunStatistics.read(log);
    assertEquals(101, whole.ok("heartbeat"));
    assertEquals(800, whole.percentile("heartbeat", 100));
    assertEquals(1, whole.ok("connect"));
  }
}
