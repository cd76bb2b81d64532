package io.wsloadtest.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.simlog.SyntheticLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a level sets in each dimension, and what the run achieved in its unit. */
class DimensionTest {

  static final Duration HOLD = Duration.ofSeconds(4);

  @Test
  void aConnectionsLevelIsTheRunsUsers() {
    assertEquals(Map.of("wsload.users", "3000", "wsload.hold", "4000ms"),
        Dimension.CONNECTIONS.settings(3000, HOLD, Duration.ofSeconds(10), 50));
  }

  @Test
  void aConnectRateLevelOpensConnectionsAtThatRateForTheRateDuration() {
    assertEquals(Map.of("wsload.injection.type", "rate", "wsload.injection.rate", "200", "wsload.users", "2000",
        "wsload.hold", "4000ms"), Dimension.CONNECT_RATE.settings(200, HOLD, Duration.ofSeconds(10), 50));
  }

  @Test
  void aMessagesPerSecondLevelSpacesEachUsersEchoes() {
    // 100 users, 500 echoes/s in all: each user every 200 ms, until the end of the hold.
    assertEquals(Map.of("wsload.echo.interval", "200ms", "wsload.echo.count", "0", "wsload.hold", "4000ms"),
        Dimension.MESSAGES_PER_SECOND.settings(500, HOLD, Duration.ofSeconds(10), 100));
    assertEquals(1, Dimension.echoIntervalMillis(1_000_000, 100), "at least 1 ms");
  }

  @Test
  void achievedIsMeasuredInTheLevelsUnit(@TempDir Path dir) throws Exception {
    SyntheticLog log = new SyntheticLog("io.wsloadtest.simulations.EchoSimulation");
    for (int i = 0; i < 150; i++) {
      log.request("connect", i * 10, i * 10 + 5, true, "");                  // 150 in the 2 s ramp
    }
    for (int i = 0; i < 1_000; i++) {
      log.request("same text back", 2_000 + i * 4, 2_000 + i * 4 + 3, true, ""); // 1,000 in the 4 s hold
    }
    Path file = log.write(dir.resolve("simulation.log"));
    RunStatistics whole = RunStatistics.read(file);
    RunStatistics held = RunStatistics.read(file, SyntheticLog.T0 + 2_000, SyntheticLog.T0 + 6_000);
    Duration ramp = Duration.ofSeconds(2);
    assertEquals(150, LevelMeasure.achieved(Dimension.CONNECTIONS, whole, held, ramp, HOLD), 1e-9);
    assertEquals(75, LevelMeasure.achieved(Dimension.CONNECT_RATE, whole, held, ramp, HOLD), 1e-9);
    assertEquals(250, LevelMeasure.achieved(Dimension.MESSAGES_PER_SECOND, whole, held, ramp, HOLD), 1e-9);
  }
}
