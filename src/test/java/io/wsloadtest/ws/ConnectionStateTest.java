package io.wsloadtest.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatling.javaapi.core.Session;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reconnect bookkeeping and backoff, on real Gatling sessions. */
class ConnectionStateTest {

  static final Duration INITIAL = Duration.ofMillis(500);
  static final Duration MAX = Duration.ofMillis(1500);

  @Test
  void backoffDoublesPerAttemptUpToTheMaxWithinItsUpperHalf() {
    Session s = new Session(io.wsloadtest.gatling.GatlingInternalsTest.session(null, null));
    long[][] expected = {{250, 500}, {500, 1000}, {750, 1500}, {750, 1500}};
    for (long[] range : expected) {
      s = ConnectionState.countAttempt(s);
      for (int i = 0; i < 50; i++) {
        long ms = ConnectionState.backoff(s, INITIAL, MAX).toMillis();
        assertTrue(ms >= range[0] && ms <= range[1], "attempt " + ConnectionState.reconnects(s) + ": " + ms + " ms");
      }
    }
    assertEquals(4, ConnectionState.reconnects(s));
  }

  @Test
  void freshUserIsNotConnectedWithNothingMissed() {
    Session s = new Session(io.wsloadtest.gatling.GatlingInternalsTest.session(null, null));
    assertTrue(!ConnectionState.connected(s));
    assertEquals(0, ConnectionState.missed(s));
    assertEquals(0, ConnectionState.reconnects(s));
  }
}
