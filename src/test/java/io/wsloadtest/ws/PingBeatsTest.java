package io.wsloadtest.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** When a connection's beats fall due: on the shared ticks, so that one wake-up serves many connections. */
class PingBeatsTest {

  @Test
  void aFirstBeatIsDueOnTheNextTick_andOneOnATickStaysThere() {
    long tick = PingBeats.TICK_MILLIS;
    assertEquals(100 * tick, PingBeats.onTick(100 * tick));
    assertEquals(101 * tick, PingBeats.onTick(100 * tick + 1));
    assertEquals(101 * tick, PingBeats.onTick(101 * tick - 1));
  }

  @Test
  void connectionsOpenedAtDifferentMomentsBeatOnTheSameTicks_whenTheIntervalIsAMultipleOfOne() {
    long interval = 30_000;
    long a = PingBeats.onTick(1_700_000_000_003L);
    long b = PingBeats.onTick(1_700_000_000_017L);
    assertEquals(a, b);
    long next = Schedule.nextDue(a, a + 5, interval);
    assertEquals(0, next % PingBeats.TICK_MILLIS);
  }
}
