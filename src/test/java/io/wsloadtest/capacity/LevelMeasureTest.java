package io.wsloadtest.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsloadtest.compare.RequestFigures;
import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.simlog.SyntheticLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A level's figures from a log with known records: connect over the level, heartbeats over the hold. */
class LevelMeasureTest {

  @Test
  void heartbeatsCountOverTheHoldConnectsOverTheWholeLevel(@TempDir Path dir) throws Exception {
    SyntheticLog log = new SyntheticLog("io.wsloadtest.simulations.HeartbeatSimulation");
    for (int i = 0; i < 100; i++) {
      log.request("connect", i * 10, i * 10 + 5 + i, true, "");      // ramp 0..1 s: 5..104 ms
      log.request("heartbeat", 500 + i, 500 + i + 900, true, "");    // cold ramp: 900 ms each
      log.request("heartbeat", 2_000 + i, 2_000 + i + 3, true, "");  // hold: 3 ms each
    }
    log.request("drop", 2_500, 2_500, false, "abnormal close 1006");
    log.request("drop", 2_600, 2_600, false, "abnormal close 1006");
    for (int i = 0; i < 99; i++) {
      log.request("close", 4_100 + i, 4_101 + i, true, "");
    }
    Path file = log.write(dir.resolve("simulation.log"));
    Duration ramp = Duration.ofSeconds(1);
    Duration hold = Duration.ofSeconds(3);
    RunStatistics whole = RunStatistics.read(file);
    RunStatistics held = RunStatistics.read(file, SyntheticLog.T0 + 1_000, SyntheticLog.T0 + 4_000);
    LevelFigures f = LevelMeasure.figures(100, Dimension.CONNECTIONS, whole, held, ramp, hold,
        List.of(new InjectorUse(0, 40, 3, 1, 8, 30, 40, 160)), "levels/100/run", "levels/100/run/index.html", 0, 20);
    assertEquals(3, f.requests().get("heartbeat").p99(), "the cold ramp's 900 ms heartbeats are not the level's");
    assertEquals(100, f.requests().get("heartbeat").count());
    assertEquals("hold", f.windows().get("heartbeat"));
    assertEquals(103, f.requests().get("connect").p99());
    assertEquals("level", f.windows().get("connect"));
    assertEquals("level", f.windows().get("close"), "no close in the hold: measured over the level");
    assertEquals(Map.of("abnormal close 1006", 2L), f.dropsByCause());
    assertEquals(2 / (4 / 60.0), f.dropsPerMinute(), 1e-9);
    assertEquals(2 * 100.0 / (100 + 200 + 2 + 99), f.koPercent(), 1e-9);
    assertEquals(100, f.achieved(), "all 100 were open at once before two links were lost");
    assertEquals(RequestFigures.NONE, RequestFigures.of(held, "push").p99());
  }
}
