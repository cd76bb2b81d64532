package io.wsloadtest.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wsloadtest.protocol.socketio.EngineIoCodec;
import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.testkit.GatlingRun;
import io.wsloadtest.ws.DropCause;
import io.wsloadtest.ws.DropTable;
import io.wsloadtest.ws.Requests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulations, unchanged, with -Dwsload.protocol=socketio against the Socket.IO 4.8 reference server
 * (src/test/node/socketio-server.mjs: a ping every second, a client that has not answered within another second is
 * dropped; a push every 500 ms after "subscribe"), judged by the report and by the server's own counts.
 */
class SocketIoConformanceTest {

  static final int USERS = 50;
  static final String CLIENT_LEFT = "client namespace disconnect";
  static ChildServer server;

  @BeforeAll
  static void start() throws Exception {
    server = ChildServer.node("socketio-server.mjs", "--ping-interval", "1000", "--ping-timeout", "1000",
        "--connect-timeout", "3000", "--push-every", "500", "--token", "secret");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void noSessionLeftFromAnEarlierTest() throws InterruptedException {
    server.awaitCounts("no session left from an earlier test", 30_000,
        n -> n.get("engineClientsNow").asLong() == 0 && n.get("socketsNow").asLong() == 0);
  }

  /** A run with the protocol, the target, the token and a hold of four of the server's ping intervals. */
  static GatlingRun run(Path results, String simulation, String... more) throws Exception {
    List<String> kv = new ArrayList<>(List.of("wsload.protocol", "socketio",
        "target", server.wsUrl("/socket.io/?" + EngineIoCodec.WEBSOCKET_QUERY), "users", "" + USERS, "ramp", "1s",
        "hold", "4s", "wsload.socketio.auth", "{\"token\":\"secret\"}", "wsload.socketio.subscribe-event", "subscribe",
        "wsload.socketio.subscribe-data", "{\"channel\":\"ticks\"}", "wsload.socketio.push-event", "push",
        "wsload.heartbeat.interval", "1s", "wsload.heartbeat.timeout", "900ms"));
    kv.addAll(List.of(more));
    return GatlingRun.run(simulation, results, false, kv.toArray(String[]::new));
  }

  static long delta(JsonNode after, JsonNode before, String count) {
    return after.get(count).asLong() - before.get(count).asLong();
  }

  /** Sockets the server saw leave, by socket.io's reason, since {@code before}. */
  static long leftFor(String reason, JsonNode after, JsonNode before) {
    return after.path("disconnectsByReason").path(reason).asLong()
        - before.path("disconnectsByReason").path(reason).asLong();
  }

  /** Sockets the server pushed to since {@code before} (socket ids are never reused). */
  static long socketsPushedTo(JsonNode after, JsonNode before) {
    long n = 0;
    for (Iterator<String> it = after.path("pushesBySocket").fieldNames(); it.hasNext(); ) {
      if (!before.path("pushesBySocket").has(it.next())) {
        n++;
      }
    }
    return n;
  }

  static long leftInAll(JsonNode after, JsonNode before) {
    long n = 0;
    for (Iterator<String> it = after.path("disconnectsByReason").fieldNames(); it.hasNext(); ) {
      n += leftFor(it.next(), after, before);
    }
    return n;
  }

  /** One line per run for the test's output: what the report and the server counted. */
  static void note(String run, RunStatistics s, JsonNode before, JsonNode after) {
    StringBuilder counts = new StringBuilder();
    for (String c : List.of("namespaceConnects", "refusedByMiddleware", "subscribes", "echoes", "pushesTotal")) {
      counts.append(' ').append(c).append('=').append(delta(after, before, c));
    }
    for (Iterator<String> it = after.path("disconnectsByReason").fieldNames(); it.hasNext(); ) {
      String reason = it.next();
      counts.append(" left '").append(reason).append("'=").append(leftFor(reason, after, before));
    }
    ConformanceLine.print("socketio", run, s, counts.toString());
  }

  /** After a run: every session the run opened is gone from the server, and its leaving counted. */
  static JsonNode countsAfter(JsonNode before, long sessions) throws InterruptedException {
    return server.awaitCounts("every session gone", 30_000, n -> n.get("engineClientsNow").asLong() == 0
        && n.get("socketsNow").asLong() == 0 && leftInAll(n, before) == sessions);
  }

  @Test
  void pushWithHeartbeats_everyUserJoinedSubscribedAndServedWithoutAKo(@TempDir Path results) throws Exception {
    JsonNode before = server.counts();
    // 8 s: a busy host once took 3 to 4 s to join and subscribe the users of a 1 s ramp.
    GatlingRun run = run(results, "Push", "hold", "8s");
    JsonNode after = countsAfter(before, USERS);
    RunStatistics s = run.summary();
    note("Push", s, before, after);
    assertEquals(0, run.exitCode, run.output);
    assertEquals(0, s.totalKo(), s.toString());
    // "connected" is the namespace join: one connect record per socket the server counted.
    assertEquals(USERS, s.ok(Requests.CONNECT), s.toString());
    assertEquals(USERS, delta(after, before, "namespaceConnects"), after.toString());
    assertEquals(USERS, delta(after, before, "subscribes"), after.toString());
    assertEquals(USERS, s.ok(Requests.SUBSCRIBE), "each subscribe acked: " + s);
    // Every ping answered: no socket lost to a ping timeout, every one left by our 41 at the end.
    assertEquals(USERS, leftFor(CLIENT_LEFT, after, before), after.toString());
    // Every push the server emitted reached a user and was measured, none missing, none repeated.
    assertEquals(delta(after, before, "pushesTotal"), s.ok(Requests.PUSH), after + "\n" + s);
    assertEquals(0, s.ko(Requests.PUSH_GAP) + s.ko(Requests.PUSH_DUPLICATE), s.toString());
    // Pushes went to every user's socket (how many each depends on when it subscribed: late on a busy host).
    assertEquals(USERS, socketsPushedTo(after, before), "a push every 500 ms to each subscribed socket: " + after);
    assertEquals(USERS, s.ok(Requests.CLOSE), s.toString());
  }

  @Test
  void heartbeats_areTheServersPings_everyOneOnTime(@TempDir Path results) throws Exception {
    JsonNode before = server.counts();
    GatlingRun run = run(results, "Heartbeat", "hold", "6s");
    JsonNode after = countsAfter(before, USERS);
    RunStatistics s = run.summary();
    note("Heartbeat", s, before, after);
    assertEquals(0, run.exitCode, run.output);
    assertEquals(0, s.totalKo(), s.toString());
    assertEquals(USERS, delta(after, before, "namespaceConnects"), after.toString());
    assertEquals(USERS, leftFor(CLIENT_LEFT, after, before), after.toString());
    // A heartbeat is the server's next ping, which comes every second: at least 3 in a 6 s hold (even for a user a
    // busy host took 3 s to join), each timed from when it was due, so an idle server's pings are on time rather than
    // a ping interval long.
    assertTrue(s.ok(Requests.HEARTBEAT) >= 3L * USERS, s.toString());
    assertTrue(s.percentile(Requests.HEARTBEAT, 50) < 500, "heartbeat p50 " + s.percentile(Requests.HEARTBEAT, 50));
  }

  @Test
  void connectAndHold_theSocketsSurviveFourPingIntervals(@TempDir Path results) throws Exception {
    JsonNode before = server.counts();
    GatlingRun run = run(results, "Connect");
    JsonNode after = countsAfter(before, USERS);
    RunStatistics s = run.summary();
    note("Connect", s, before, after);
    assertEquals(0, run.exitCode, run.output);
    assertEquals(0, s.totalKo(), s.toString());
    assertEquals(USERS, s.ok(Requests.CONNECT), s.toString());
    assertEquals(USERS, s.ok(Requests.ALIVE_AT_END), s.toString());
    assertEquals(USERS, delta(after, before, "namespaceConnects"), after.toString());
    assertEquals(USERS, leftFor(CLIENT_LEFT, after, before), after.toString());
  }

  @Test
  void echoes_areEmitsWithAnAck_eachCarryingItsPayloadBack(@TempDir Path results) throws Exception {
    JsonNode before = server.counts();
    GatlingRun run = run(results, "Echo", "hold", "2s", "wsload.echo.count", "5", "wsload.echo.interval", "200ms");
    JsonNode after = countsAfter(before, USERS);
    RunStatistics s = run.summary();
    note("Echo", s, before, after);
    assertEquals(0, run.exitCode, run.output);
    assertEquals(0, s.totalKo(), s.toString());
    assertEquals(5L * USERS, s.ok("emit with ack"), s.toString());
    assertEquals(5L * USERS, delta(after, before, "echoes"), after.toString());
  }

  @Test
  void aWrongTokenIsAConnectKoQuotingThe44(@TempDir Path results) throws Exception {
    JsonNode before = server.counts();
    GatlingRun run = run(results, "Connect", "wsload.socketio.auth", "{\"token\":\"wrong\"}", "users", "20",
        "wsload.heartbeat.max-reconnects", "0");
    JsonNode after = server.awaitCounts("every refusal counted, every link closed", 30_000,
        n -> delta(n, before, "refusedByMiddleware") == 20 && n.get("engineClientsNow").asLong() == 0);
    RunStatistics s = run.summary();
    note("Connect refused", s, before, after);
    assertEquals(2, run.exitCode, run.output);
    assertEquals(20, s.ko(Requests.CONNECT), s.toString());
    assertEquals(0, s.ok(Requests.CONNECT), "an upgrade alone is not a connect: " + s);
    assertEquals(Map.of("socketio refused: {\"message\":\"unauthorized\",\"data\":{\"reason\":\"auth.token missing or"
        + " wrong\"}}", 20L), s.errors, s.toString());
    assertEquals(Map.of("socketio refused", 20L), DropTable.from(s).byCause);
    assertEquals(0, delta(after, before, "namespaceConnects"), after.toString());
  }

  @Test
  void withOurKeepAliveSwitchedOffTheServerDropsUs_andTheReportSaysSo(@TempDir Path results) throws Exception {
    JsonNode before = server.counts();
    // The server cuts a silent client 2.5 s after it connected (ping interval 1.5 s + timeout 1 s): a 5 s hold lets
    // every user, the last arriving 1 s after the first, be cut during the hold, not in its check at the end.
    GatlingRun run = run(results, "Connect", "wsload.keep-alive", "false", "users", "20", "hold", "5s");
    JsonNode after = countsAfter(before, 20);
    RunStatistics s = run.summary();
    note("Connect keep-alive off", s, before, after);
    assertEquals(2, run.exitCode, run.output);
    assertEquals(20, s.ok(Requests.CONNECT), s.toString());
    // socket.io cut every socket whose pong never came, with a close frame without a status: one drop each.
    assertEquals(20, leftFor("ping timeout", after, before), after.toString());
    assertEquals(Map.of(DropCause.NO_STATUS_CLOSE, 20L), DropTable.from(s).byCause, s.toString());
    // One KO per cut, unless a busy host delayed a connect until the cut came during that user's check at the end:
    // the check, awaiting the server's ping, then fails with the same cut (and says so).
    long caughtAtEnd = s.errors.entrySet().stream()
        .filter(e -> e.getKey().startsWith("connection dropped while awaiting server ping")).mapToLong(e -> e.getValue())
        .sum();
    assertEquals(s.ko(Requests.ALIVE_AT_END), caughtAtEnd, s.toString());
    assertEquals(20 + caughtAtEnd, s.totalKo(), s.toString());
  }
}
