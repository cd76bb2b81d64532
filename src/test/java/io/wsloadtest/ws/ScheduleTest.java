package io.wsloadtest.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Which due times a late run stands for, and when the next one is due. */
class ScheduleTest {

  @Test
  void anOnTimeRunStandsForItselfAndTheNextIsOneIntervalLater() {
    assertArrayEquals(new long[] {1000}, Schedule.dueTimes(1000, 1000, 100));
    assertArrayEquals(new long[] {1000}, Schedule.dueTimes(1000, 1099, 100));
    assertEquals(1100, Schedule.nextDue(1000, 1000, 100));
    assertEquals(1100, Schedule.nextDue(1000, 1099, 100));
  }

  @Test
  void aLateRunStandsForEveryDueTimeItMissed_andTheScheduleResumesOnItsGridWithoutABurst() {
    // Due at 1000, begun at 3050 (the previous run waited two seconds for a stalled server).
    long[] times = Schedule.dueTimes(1000, 3050, 100);
    assertEquals(21, times.length);
    assertEquals(1000, times[0]);
    assertEquals(3000, times[20]);
    assertEquals(3100, Schedule.nextDue(1000, 3050, 100), "the next point after now, not 1100");
  }

  @Test
  void aRunStandsForABoundedNumberOfMissedTimes() {
    assertEquals(Schedule.MAX_MISSED, Schedule.dueTimes(0, 3_600_000, 10).length);
  }
}
