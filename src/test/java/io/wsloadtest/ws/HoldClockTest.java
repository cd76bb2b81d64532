package io.wsloadtest.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HoldClockTest {

  @Test
  void withoutARampDownEveryUserLeavesAtTheEndOfTheHold() {
    for (long user = 1; user <= 100; user++) {
      assertEquals(0, HoldClock.leaveOffsetMillis(user, Duration.ZERO));
    }
  }

  @Test
  void aRampDownSpreadsTheUsersEvenly_atAnyCount() {
    Duration rampDown = Duration.ofSeconds(10);
    for (int users : new int[] {10, 1_000, 250_000}) {
      int[] perSecond = new int[10];
      for (long user = 1; user <= users; user++) {
        long offset = HoldClock.leaveOffsetMillis(user, rampDown);
        assertTrue(offset >= 0 && offset < 10_000, "user " + user + " leaves " + offset + " ms after the hold");
        perSecond[(int) (offset / 1000)]++;
      }
      // every second of the ramp-down gets its tenth of the users, within one user in a hundred (and one)
      for (int second = 0; second < 10; second++) {
        assertTrue(Math.abs(perSecond[second] - users / 10.0) <= 1 + users / 100.0,
            users + " users, second " + second + ": " + perSecond[second]);
      }
    }
  }
}
