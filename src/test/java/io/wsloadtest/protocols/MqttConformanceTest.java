package io.wsloadtest.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.testkit.GatlingRun;
import io.wsloadtest.ws.DropCause;
import io.wsloadtest.ws.DropTable;
import io.wsloadtest.ws.Requests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulations, unchanged, with -Dwsload.protocol=mqtt against the aedes broker over ws
 * (src/test/node/mqtt-broker.mjs: user and password checked, a QoS 1 message on "ticks" every 500 ms, a client silent
 * for 1.5 x its keepAlive dropped), with a keepAlive of 1 s, judged by the report and by the broker's own counts.
 */
class MqttConformanceTest {

  static final int USERS = 50;
  static ChildServer broker;

  @BeforeAll
  static void start() throws Exception {
    broker = ChildServer.node("mqtt-broker.mjs", "--topic", "ticks", "--qos", "1", "--publish-every", "500",
        "--user", "load", "--password", "secret");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (broker != null) {
      broker.close();
    }
  }

  @BeforeEach
  void noClientLeftFromAnEarlierTest() throws InterruptedException {
    broker.awaitCounts("no client left from an earlier test", 30_000, n -> n.get("connectedNow").asLong() == 0);
  }

  /** A run with the protocol, the login, a keepAlive of 1 s and a hold of four of them. */
  static GatlingRun run(Path results, String simulation, String... more) throws Exception {
    List<String> kv = new ArrayList<>(List.of("wsload.protocol", "mqtt", "target", broker.wsUrl("/mqtt"),
        "users", "" + USERS, "ramp", "1s", "hold", "4s", "wsload.mqtt.username", "load", "wsload.mqtt.password",
        "secret", "wsload.mqtt.keep-alive", "1s", "wsload.mqtt.topic", "ticks", "wsload.mqtt.qos", "1",
        "wsload.heartbeat.interval", "1s", "wsload.heartbeat.timeout", "900ms"));
    kv.addAll(List.of(more));
    return GatlingRun.run(simulation, results, false, kv.toArray(String[]::new));
  }

  static long delta(JsonNode after, JsonNode before, String count) {
    return after.get(count).asLong() - before.get(count).asLong();
  }

  static long disconnects(JsonNode after, JsonNode before, String why) {
    return after.path("disconnects").path(why).asLong() - before.path("disconnects").path(why).asLong();
  }

  /** After a run: every client the run connected is gone, and its going counted. */
  static JsonNode countsAfter(JsonNode before, String why, long clients) throws InterruptedException {
    return broker.awaitCounts("every client gone", 30_000,
        n -> n.get("connectedNow").asLong() == 0 && disconnects(n, before, why) == clients);
  }

  static void note(String run, RunStatistics s, JsonNode before, JsonNode after) {
    StringBuilder counts = new StringBuilder();
    for (String c : List.of("connects", "refused", "keepaliveTimeouts", "subscribes", "pingreqs", "published",
        "deliveredTotal", "pubacksFromClients", "publishedByClients")) {
      counts.append(' ').append(c).append('=').append(delta(after, before, c));
    }
    for (String why : List.of("disconnectPacket", "keepaliveTimeout", "error", "connectionClosed")) {
      counts.append(" disconnects.").append(why).append('=').append(disconnects(after, before, why));
    }
    ConformanceLine.print("mqtt", run, s, counts.toString());
  }

  @Test
  void pushWithHeartbeats_everyClientConnectedSubscribedAndServedWithoutAKo(@TempDir Path results) throws Exception {
    JsonNode before = broker.counts();
    // Heartbeats every 2 s with 1.8 s to answer: the goodbye awaits the broker's close that long after DISCONNECT,
    // and with 900 ms a busy host's broker had not read 4 of 50 DISCONNECTs before the client closed.
    // An 8 s hold: a busy host once took 3 to 4 s to connect the users of a 1 s ramp (Socket.IO's test, alike).
    GatlingRun run = run(results, "Push", "wsload.heartbeat.interval", "2s", "wsload.heartbeat.timeout", "1800ms",
        "hold", "8s");
    JsonNode after = countsAfter(before, "disconnectPacket", USERS);
    RunStatistics s = run.summary();
    note("Push", s, before, after);
    assertEquals(0, run.exitCode, run.output);
    assertEquals(0, s.totalKo(), s.toString());
    // "connected" is the CONNACK: one connect record per client the broker accepted.
    assertEquals(USERS, s.ok(Requests.CONNECT), s.toString());
    assertEquals(USERS, delta(after, before, "connects"), after.toString());
    assertEquals(USERS, delta(after, before, "subscribes"), after.toString());
    assertEquals(USERS, s.ok(Requests.SUBSCRIBE), "each SUBACK came: " + s);
    // Our PINGREQs kept every client: none dropped for silence, every one left with DISCONNECT.
    assertEquals(0, delta(after, before, "keepaliveTimeouts"), after.toString());
    assertEquals(USERS, disconnects(after, before, "disconnectPacket"), after.toString());
    // Every message the broker forwarded to a subscriber was received and measured, and acknowledged, unless it
    // was on its way when the client said DISCONNECT (after which MQTT allows it nothing more): at most one per
    // client, the publisher's pace (500 ms) being slower than a goodbye even on a busy host.
    long delivered = delta(after, before, "deliveredTotal");
    assertTrue(s.ok(Requests.PUSH) <= delivered && s.ok(Requests.PUSH) >= delivered - USERS, after + "\n" + s);
    long pubacks = delta(after, before, "pubacksFromClients");
    assertTrue(pubacks <= delivered && pubacks >= delivered - USERS, after.toString());
    assertEquals(0, s.ko(Requests.PUSH_GAP) + s.ko(Requests.PUSH_DUPLICATE), s.toString());
    assertTrue(s.ok(Requests.PUSH) >= 4L * USERS, "an 8 s hold with a message every 500 ms: " + s);
    // Heartbeats are PINGREQs timed to their PINGRESPs, on top of the keep-alive's own.
    assertTrue(s.ok(Requests.HEARTBEAT) >= 2L * USERS, s.toString());
    assertTrue(delta(after, before, "pingreqs") >= s.ok(Requests.HEARTBEAT), after.toString());
    assertEquals(USERS, s.ok(Requests.CLOSE), s.toString());
  }

  @Test
  void heartbeats_arePingreqsTimedToTheirPingresps(@TempDir Path results) throws Exception {
    JsonNode before = broker.counts();
    // 6 s: three heartbeats a second apart even for a user a busy host took 3 s to connect
    GatlingRun run = run(results, "Heartbeat", "hold", "6s");
    JsonNode after = countsAfter(before, "disconnectPacket", USERS);
    RunStatistics s = run.summary();
    note("Heartbeat", s, before, after);
    assertEquals(0, run.exitCode, run.output);
    assertEquals(0, s.totalKo(), s.toString());
    assertEquals(USERS, delta(after, before, "connects"), after.toString());
    assertEquals(0, delta(after, before, "keepaliveTimeouts"), after.toString());
    assertTrue(s.ok(Requests.HEARTBEAT) >= 3L * USERS, s.toString());
    assertTrue(delta(after, before, "pingreqs") >= s.ok(Requests.HEARTBEAT), after.toString());
  }

  @Test
  void connectAndHold_ourPingreqsAloneKeepEveryClientPastFourKeepAlives(@TempDir Path results) throws Exception {
    JsonNode before = broker.counts();
    GatlingRun run = run(results, "Connect");
    JsonNode after = countsAfter(before, "disconnectPacket", USERS);
    RunStatistics s = run.summary();
    note("Connect", s, before, after);
    assertEquals(0, run.exitCode, run.output);
    assertEquals(0, s.totalKo(), s.toString());
    assertEquals(USERS, s.ok(Requests.CONNECT), s.toString());
    assertEquals(USERS, s.ok(Requests.ALIVE_AT_END), s.toString());
    assertEquals(USERS, delta(after, before, "connects"), after.toString());
    assertEquals(0, delta(after, before, "keepaliveTimeouts"), after.toString());
    // Nothing but the keep-alive was sent during the hold: a PINGREQ a second per client, and the end's heartbeat.
    // How many fit depends on when each connect completed (a busy host delays some by a second or more): at least
    // one in the hold per client, besides the end's.
    assertTrue(delta(after, before, "pingreqs") >= 2L * USERS, after.toString());
  }

  @Test
  void echoes_areQos1PublishesTimedToTheirPubacks(@TempDir Path results) throws Exception {
    JsonNode before = broker.counts();
    GatlingRun run = run(results, "Echo", "hold", "2s", "wsload.echo.count", "5", "wsload.echo.interval", "200ms");
    JsonNode after = countsAfter(before, "disconnectPacket", USERS);
    RunStatistics s = run.summary();
    note("Echo", s, before, after);
    assertEquals(0, run.exitCode, run.output);
    assertEquals(0, s.totalKo(), s.toString());
    assertEquals(5L * USERS, s.ok("publish qos 1"), s.toString());
    assertEquals(5L * USERS, delta(after, before, "publishedByClients"), after.toString());
  }

  @Test
  void aWrongPasswordIsAConnectKoQuotingTheConnack(@TempDir Path results) throws Exception {
    JsonNode before = broker.counts();
    GatlingRun run = run(results, "Connect", "wsload.mqtt.password", "wrong", "users", "20",
        "wsload.heartbeat.max-reconnects", "0");
    JsonNode after = broker.awaitCounts("every refusal counted", 30_000,
        n -> delta(n, before, "refused") == 20 && n.get("connectedNow").asLong() == 0);
    RunStatistics s = run.summary();
    note("Connect refused", s, before, after);
    assertEquals(2, run.exitCode, run.output);
    assertEquals(20, s.ko(Requests.CONNECT), s.toString());
    assertEquals(0, s.ok(Requests.CONNECT), "an upgrade alone is not a connect: " + s);
    assertEquals(Map.of("mqtt refused: CONNACK 0x04 bad user name or password", 20L), s.errors, s.toString());
    assertEquals(Map.of("mqtt refused", 20L), DropTable.from(s).byCause);
    assertEquals(0, delta(after, before, "connects"), after.toString());
  }

  @Test
  void withOurKeepAliveSwitchedOffTheBrokerDropsUs_andTheReportSaysSo(@TempDir Path results) throws Exception {
    JsonNode before = broker.counts();
    GatlingRun run = run(results, "Connect", "wsload.keep-alive", "false", "users", "20", "hold", "3s");
    JsonNode after = countsAfter(before, "keepaliveTimeout", 20);
    RunStatistics s = run.summary();
    note("Connect keep-alive off", s, before, after);
    assertEquals(2, run.exitCode, run.output);
    assertEquals(20, s.ok(Requests.CONNECT), s.toString());
    // aedes ends a client silent for 1.5 keepAlives without a close frame: one drop each.
    assertEquals(20, delta(after, before, "keepaliveTimeouts"), after.toString());
    assertEquals(Map.of(DropCause.ABNORMAL_CLOSE, 20L), DropTable.from(s).byCause, s.toString());
    assertEquals(20, s.totalKo(), s.toString());
  }
}
