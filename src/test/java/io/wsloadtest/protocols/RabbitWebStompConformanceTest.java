package io.wsloadtest.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.testkit.GatlingJvm;
import io.wsloadtest.ws.DropTable;
import io.wsloadtest.ws.Requests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulations, unchanged, with -Dwsload.protocol=stomp against RabbitMQ's Web-STOMP (a node of its own; it
 * beats on the interval the client asks for, twice per interval), judged by the report and by RabbitMQ's own counts.
 */
class RabbitWebStompConformanceTest {

  static final int USERS = 50;
  static RabbitWebStomp broker;

  @BeforeAll
  static void start() throws Exception {
    broker = new RabbitWebStomp();
  }

  @AfterAll
  static void stop() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  @BeforeEach
  void noSessionLeftFromAnEarlierTest() throws InterruptedException {
    broker.awaitCounts("no session left from an earlier test", 30_000, n -> n.get("connectionsNow").asLong() == 0);
  }

  /**
   * The protocol, the broker, users and a hold of five seconds: five of the heart-beat intervals asked for. A
   * heartbeat awaits the broker's next beat (due within 1 s) for 2.5 s: an Erlang node on a busy host was once more
   * than 500 ms late.
   */
  static String[] settings(String... more) {
    List<String> kv = new ArrayList<>(List.of("wsload.protocol", "stomp", "target", broker.wsUrl("/ws"),
        "users", "" + USERS, "ramp", "1s", "hold", "5s", "wsload.stomp.login", "guest", "wsload.stomp.passcode",
        "guest", "wsload.stomp.heart-beat.send", "1s", "wsload.stomp.heart-beat.receive", "1s",
        "wsload.stomp.destination", "/topic/ticks", "wsload.stomp.send-destination", "/topic/echo",
        "wsload.heartbeat.interval", "3s", "wsload.heartbeat.timeout", "2500ms"));
    kv.addAll(List.of(more));
    return kv.toArray(String[]::new);
  }

  static GatlingJvm.Started start(String simulation, Path results, String... more) throws Exception {
    return GatlingJvm.start(simulation, results, false, Map.of(), settings(more));
  }

  static long delta(JsonNode after, JsonNode before, String count) {
    return after.get(count).asLong() - before.get(count).asLong();
  }

  static long sessionsFrom(JsonNode counts, String source) {
    return counts.path("connectionsBySource").path(source).asLong();
  }

  /**
   * The broker's own count of the sessions of runs that hold them now, each run from a source address of its own:
   * polled until each source has shown {@code sessions} at once; the highest count of each.
   */
  static Map<String, Long> awaitSessionsHeld(long sessions, String... sources) throws InterruptedException {
    Map<String, Long> peaks = new TreeMap<>();
    broker.awaitCounts("the broker holding every session of " + String.join(", ", sources), 60_000, n -> {
      for (String source : sources) {
        peaks.merge(source, sessionsFrom(n, source), Math::max);
      }
      return peaks.values().stream().allMatch(p -> p >= sessions);
    });
    return peaks;
  }

  static void assertCleanRun(GatlingJvm run, int users) throws Exception {
    RunStatistics s = run.summary();
    assertEquals(0, run.exitCode, run.all());
    assertEquals(0, s.totalKo(), s.toString());
    // "connected" is the broker's CONNECTED; no drop of any kind (a broker's heart-beat drop would be one)
    assertEquals(users, s.ok(Requests.CONNECT), s.toString());
    assertEquals(users, s.ok(Requests.CLOSE), s.toString());
    assertEquals(Map.of(), DropTable.from(s).byCause, s.toString());
  }

  @Test
  void connectAndHeartbeat_everySessionAcceptedAndHeldOnHeartBeats(@TempDir Path connectResults,
      @TempDir Path heartbeatResults) throws Exception {
    // Two JVMs at once, 50 sessions each, each from an address of its own so that the broker counts them apart.
    GatlingJvm.Started connectRun = start("Connect", connectResults, "wsload.source-ips", "127.0.0.2");
    GatlingJvm.Started heartbeatRun = start("Heartbeat", heartbeatResults, "wsload.source-ips", "127.0.0.3");
    assertEquals(Map.of("127.0.0.2", (long) USERS, "127.0.0.3", (long) USERS), awaitSessionsHeld(USERS, "127.0.0.2",
        "127.0.0.3"));
    GatlingJvm connect = connectRun.await();
    GatlingJvm heartbeat = heartbeatRun.await();
    assertCleanRun(connect, USERS);
    assertCleanRun(heartbeat, USERS);
    assertEquals(USERS, connect.summary().ok(Requests.ALIVE_AT_END));
    // one at the user's connect, then every 3 s to the end of the hold: two each, at least one on a busy box
    assertTrue(heartbeat.summary().ok(Requests.HEARTBEAT) >= USERS, heartbeat.summary().toString());
  }

  /**
   * Push, with messages to /topic/ticks every 200 ms while every session is subscribed, and Echo at the same time
   * (its SENDs go to /topic/echo, where nobody listens). Web-STOMP drops what it has taken from a session's queue but
   * not yet written when that session's DISCONNECT comes (acknowledged automatically, but counted delivered): so the
   * publisher stops before the end of the hold, and the broker's count is exact.
   */
  @Test
  void pushAndEcho_everyMessageDeliveredToASubscriberReceivedInOrder_everySendReceipted(@TempDir Path pushResults,
      @TempDir Path echoResults) throws Exception {
    JsonNode before = broker.counts();
    // A hold long enough for ten publishes through the management API on a busy box, all while subscribed.
    GatlingJvm.Started pushRun = start("Push", pushResults, "wsload.source-ips", "127.0.0.2", "hold", "15s");
    GatlingJvm.Started echoRun = start("Echo", echoResults, "wsload.source-ips", "127.0.0.3",
        "wsload.echo.count", "5", "wsload.echo.interval", "500ms");
    assertEquals(Map.of("127.0.0.2", (long) USERS), awaitSessionsHeld(USERS, "127.0.0.2"));
    broker.startPublisher(200);
    broker.awaitCounts("ten messages published", 30_000, n -> delta(n, before, "published") >= 10);
    broker.stopPublisher();
    JsonNode published = broker.counts();
    assertEquals(USERS, sessionsFrom(published, "127.0.0.2"), "every session still subscribed: " + published);
    GatlingJvm push = pushRun.await();
    GatlingJvm echo = echoRun.await();

    assertCleanRun(push, USERS);
    RunStatistics s = push.summary();
    long routed = delta(published, before, "routed");
    assertEquals(delta(published, before, "published"), routed, "every message routed: " + published);
    // Against the broker's own routing: each message it routed reached every subscriber, measured once, but for
    // one on its way when a subscriber closed (a busy host may route the tenth late: CI once saw 499 of 500).
    assertTrue(s.ok(Requests.PUSH) <= routed * USERS && s.ok(Requests.PUSH) >= routed * USERS - USERS,
        "every one received and measured once: " + s);
    // The node's delivery statistics come every 500 ms and can miss a closed channel's last interval (CI with a
    // core busy once counted 493 of 500): never more than routed, and printed beside the report's count.
    JsonNode after = broker.counts();
    ConformanceLine.print("stomp (RabbitMQ)", "Push", s, " routed=" + routed + " " + after);
    ConformanceLine.print("stomp (RabbitMQ)", "Echo", echo.summary(), " (as above)");
    assertTrue(delta(after, before, "delivered") <= routed * USERS, "no delivery beyond what was routed: " + after);
    assertEquals(0, s.ko(Requests.PUSH_GAP) + s.ko(Requests.PUSH_DUPLICATE), s.toString());

    assertCleanRun(echo, USERS);
    assertEquals(5L * USERS, echo.summary().ok("send with receipt"), echo.summary().toString());
  }

  @Test
  void aWrongPasscodeIsAKoQuotingTheBroker_andWithOurHeartBeatsOffTheBrokerDropsUs(@TempDir Path refusedResults,
      @TempDir Path silentResults) throws Exception {
    JsonNode before = broker.counts();
    // Two JVMs at once, 20 sessions each: one with a wrong passcode, one that sends no heart-beats.
    GatlingJvm.Started refusedRun = start("Connect", refusedResults, "wsload.stomp.passcode", "wrong", "users", "20",
        "wsload.heartbeat.max-reconnects", "0", "wsload.source-ips", "127.0.0.4");
    // Its hold is 12 s: the broker's 2-3 s of silence plus a busy host's slow connects and slow broker stay inside it
    // (with 5 s, CI once saw 11 of 20 sessions outlive the hold and close in order).
    GatlingJvm.Started silentRun = start("Connect", silentResults, "wsload.keep-alive", "false", "users", "20",
        "wsload.source-ips", "127.0.0.5", "hold", "12s");
    awaitSessionsHeld(20, "127.0.0.5");
    // RabbitMQ ends a session silent for two to three of its intervals, long before the run's hold ends
    broker.awaitCounts("the broker dropping the silent sessions", 30_000, n -> sessionsFrom(n, "127.0.0.5") == 0);
    assertTrue(silentRun.process().isAlive(), "dropped by the broker before the end of the hold");
    GatlingJvm refused = refusedRun.await();
    GatlingJvm silent = silentRun.await();
    JsonNode after = broker.awaitCounts("every refusal counted, no session left", 30_000,
        n -> delta(n, before, "stompLoginsRefused") == 20 && n.get("connectionsNow").asLong() == 0);

    RunStatistics r = refused.summary();
    ConformanceLine.print("stomp (RabbitMQ)", "Connect refused + keep-alive off", r, " " + after);
    ConformanceLine.print("stomp (RabbitMQ)", "Connect keep-alive off", silent.summary(), " (as above)");
    assertEquals(2, refused.exitCode, refused.all());
    assertEquals(0, r.ok(Requests.CONNECT), "an upgrade alone is not a connect: " + r);
    assertEquals(Map.of("stomp refused: Bad CONNECT: Access refused for user 'guest'", 20L), r.errors, r.toString());
    assertEquals(Map.of("stomp refused", 20L), DropTable.from(r).byCause);
    assertEquals(20, delta(after, before, "stompLoginsRefused"), after.toString());

    RunStatistics s = silent.summary();
    assertEquals(2, silent.exitCode, silent.all());
    assertEquals(20, s.ok(Requests.CONNECT), s.toString());
    // Web-STOMP closes with 1000 "STOMP died": each is one drop, nothing else failed
    assertEquals(Map.of("server close 1000", 20L), DropTable.from(s).byCause, s.toString());
    assertEquals(20, s.totalKo(), s.toString());
  }
}
