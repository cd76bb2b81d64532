package io.wsloadtest.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.ws.DropCause;
import io.wsloadtest.ws.Requests;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What must follow a connect runs after every reconnect too, counted by a server this project did not write
 * (Python's websockets): it closes every connection a little after it opened, and counts the connections it
 * accepted, the subscribe messages it received and the connections open at once.
 */
class ReconnectsRunWhatFollowsConnectTest {

  static final int USERS = 20;
  /** Reconnects are not rationed here: every user outlives several server closes. */
  static final String[] RECONNECT_FREELY = {"wsload.heartbeat.max-reconnects", "50",
      "wsload.heartbeat.reconnect-backoff", "100ms", "wsload.heartbeat.reconnect-backoff-max", "200ms"};

  @Test
  void everyReconnectOfASubscribedUserSubscribesAgain(@TempDir Path results) throws Exception {
    try (PythonWsServer server = new PythonWsServer("--push-every", "0.3", "--close-after", "1.5")) {
      ForeignServerRun run = ForeignServerRun.run("Push", server.url(), USERS, results, concat(RECONNECT_FREELY,
          "hold", "6s", "wsload.heartbeat.interval", "1s", "wsload.heartbeat.timeout", "900ms"));
      PythonWsServer.Totals t = server.awaitIdle(30_000);
      RunStatistics s = run.summary;
      // Each user saw its connection closed every 1.5 s for ~7 s: several reconnects each.
      assertTrue(t.accepted() >= 3L * USERS, t + "\n" + run);
      assertEquals(t.accepted(), t.subscribes(), "a subscribe on every connection the server accepted: " + t);
      assertTrue(t.maxOpen() <= USERS, "never more connections open than users: " + t);
      assertEquals(t.accepted(), s.ok(Requests.CONNECT) + s.ok(Requests.RECONNECT), run.toString());
      assertEquals(USERS, s.ok(Requests.CONNECT), run.toString());
      // Every close by the server is one drop with its code; nothing else failed.
      assertEquals(Map.of(DropCause.serverClose(1001), s.ko(Requests.DROP)), s.errors, run.toString());
      // Every connection ends once: dropped by the server's close, or closed by the user at the end.
      assertEquals(t.accepted(), s.ko(Requests.DROP) + s.ok(Requests.CLOSE), run.toString());
      assertEquals(t.accepted(), s.ok(Requests.SUBSCRIBE), run.toString());
      assertTrue(s.ok(Requests.PUSH) > 0 && s.ko(Requests.PUSH_GAP) == 0, run.toString());
    }
  }

  @Test
  void aFailedSubscribeClosesItsConnectionAndTheUserReconnectsByTheRules(@TempDir Path results) throws Exception {
    int users = 10;
    // The server takes the subscribe without the ack the README's Subscribe simulation awaits.
    try (PythonWsServer server = new PythonWsServer("--push-every", "60")) {
      ForeignServerRun run = ForeignServerRun.run("Subscribe", server.url(), users, results,
          "hold", "4s", "wsload.scenario.ack-timeout", "500ms", "wsload.heartbeat.max-reconnects", "2",
          "wsload.heartbeat.reconnect-backoff", "100ms", "wsload.heartbeat.reconnect-backoff-max", "200ms");
      PythonWsServer.Totals t = server.awaitIdle(30_000);
      RunStatistics s = run.summary;
      // Per user: connect, no ack, closed by the client; twice more by reconnect; then the user stops.
      assertEquals(3L * users, t.accepted(), t + "\n" + run);
      assertEquals(3L * users, t.subscribes(), t.toString());
      assertTrue(t.maxOpen() <= users, "the connection a failed subscribe ran on is closed: " + t);
      assertEquals(3L * users, s.ko("subscribe ack"), run.toString());
      assertEquals(3L * users, s.totalKo(), "the failed step is the one KO of each failure: " + run);
      assertEquals(3L * users, s.ok(Requests.CLOSE), run.toString());
      assertEquals(2L * users, s.ok(Requests.RECONNECT), run.toString());
      assertEquals(0, s.ko(Requests.DROP), run.toString());
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
