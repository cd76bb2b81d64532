package io.wsloadtest.simlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsloadtest.simulations.SmallRuns;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run-wide figures from real logs of small Gatling runs. */
class RunStatisticsTest {

  @Test
  void peakOpenOfTwoRunsSummedIsAtMostTheirUsersAndAtLeastTheLargerRun(@TempDir Path dir) throws Exception {
    RunStatistics a = RunStatistics.read(SmallRuns.connectLog(dir.resolve("a"), 30));
    RunStatistics b = RunStatistics.read(SmallRuns.connectLog(dir.resolve("b"), 20));
    // Each small run holds all its users before any closes.
    assertEquals(30, a.peakOpen());
    assertEquals(20, b.peakOpen());
    // One after the other, never all 50 at once: the sum takes the times into account, not the sum of peaks.
    long both = new RunStatistics().plus(a).plus(b).peakOpen();
    assertEquals(30, both);
  }
}
