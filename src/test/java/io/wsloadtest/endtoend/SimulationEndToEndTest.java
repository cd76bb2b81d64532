package io.wsloadtest.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.config.ServerSettings;
import io.wsloadtest.fixtures.FaultyStepSimulation;
import io.wsloadtest.run.RunRefused;
import io.wsloadtest.server.EchoServer;
import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.testkit.GatlingRun;
import io.wsloadtest.testkit.RefusedPort;
import io.wsloadtest.ws.DropCause;
import io.wsloadtest.ws.Requests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each simulation at small scale, in its own Gatling JVM against the embedded echo server, checked
 * against the numbers Gatling recorded in simulation.log rather than its exit code alone.
 */
class SimulationEndToEndTest {

  static final int USERS = 200;

  @Test
  void connectHoldsEveryConnection(@TempDir Path results) throws Exception {
    GatlingRun run = GatlingRun.run("Connect", results, true,
        "users", "" + USERS, "ramp", "2s", "hold", "2s");
    assertEquals(0, run.exitCode, run.output);
    RunStatistics s = run.summary();
    assertEquals(USERS, s.ok(Requests.CONNECT));
    // The end-of-hold check follows heartbeat.mode: a ping frame by default, one per user.
    assertEquals(USERS, s.ok(Requests.ALIVE_AT_END));
    assertEquals(USERS, s.ok(Requests.CLOSE));
    assertEquals(Set.of(Requests.CONNECT, Requests.ALIVE_AT_END, Requests.CLOSE), s.requests.keySet());
    assertEquals(0, s.totalKo(), s.toString());
    assertEquals(USERS, s.users.get("connect and hold")[0]);
    assertEquals(USERS, s.users.get("connect and hold")[1]);
    assertTrue(Files.readString(run.report()).contains("connect and hold"), "HTML report written");
    assertTrue(run.output.contains("ws-loadtest: profile smoke, 200 users"), run.output);
  }

  @Test
  void aRampDownSpreadsTheUsersLeavingAfterTheHold(@TempDir Path results) throws Exception {
    int users = 40;
    GatlingRun run = GatlingRun.run("Connect", results, false,
        "users", "" + users, "ramp", "1s", "hold", "2s", "wsload.ramp-down", "4s");
    assertEquals(0, run.exitCode, run.output);
    assertTrue(run.output.contains("held 2s, leaving over 4s"), run.output);
    RunStatistics s = run.summary();
    assertEquals(users, s.ok(Requests.CLOSE), s.toString());
    assertEquals(0, s.totalKo(), s.toString());
    // Evenly over 4 s: the last close about 3.9 s after the first (2 s leaves room for a busy host).
    long[] closes = s.okSpans.get(Requests.CLOSE);
    assertTrue(closes[1] - closes[0] >= 2_000, "closes from " + closes[0] + " to " + closes[1] + ": " + s);
  }

  @Test
  void heartbeatRepliesAreCheckedEveryInterval(@TempDir Path results) throws Exception {
    GatlingRun run = GatlingRun.run("Heartbeat", results, false,
        "users", "" + USERS, "ramp", "1s", "hold", "3s",
        // 900 ms: on two busy cores a few of 600 replies took longer than 500 ms; the beat stays once a second.
        "wsload.heartbeat.interval", "1s", "wsload.heartbeat.timeout", "900ms");
    assertEquals(0, run.exitCode, run.output);
    RunStatistics s = run.summary();
    assertEquals(USERS, s.ok(Requests.CONNECT));
    // Each user pings (the default mode) once per second for the ~4 s it is connected: at least 3 each.
    assertTrue(s.ok(Requests.HEARTBEAT) >= 3L * USERS, s.toString());
    assertEquals(0, s.totalKo(), s.toString());
    assertEquals(0, s.ok(Requests.RECONNECT));
  }

  @Test
  void wrongHeartbeatReplyIsKoAndUsersReconnectBoundedly(@TempDir Path results) throws Exception {
    int users = 20;
    // A server whose heartbeat reply is not the one the run expects: every heartbeat fails its check.
    ServerSettings wrongReply = new ServerSettings("127.0.0.1", List.of(0), "/echo", 65_536, 1024, 1, "ping", "PONG?");
    try (EchoServer server = new EchoServer(wrongReply)) {
      server.start();
      GatlingRun run = GatlingRun.run("Heartbeat", results, false,
          "users", "" + users, "ramp", "1s", "hold", "5s", "target", server.urls().get(0),
          "wsload.heartbeat.mode", "text", "wsload.heartbeat.interval", "1s", "wsload.heartbeat.timeout", "500ms",
          "wsload.heartbeat.max-reconnects", "2", "wsload.heartbeat.dead-after", "1",
          "wsload.heartbeat.reconnect-backoff", "100ms", "wsload.heartbeat.reconnect-backoff-max", "200ms");
      assertEquals(2, run.exitCode, "KOs fail the assertions:\n" + run.output);
      RunStatistics s = run.summary();
      // Per user: a failed beat and drop, reconnect, failed beat and drop, reconnect, failed beat and drop, give up.
      // A wrong reply is not the awaited one: the heartbeat times out waiting for it.
      assertEquals(3L * users, s.ko(Requests.HEARTBEAT), s.toString());
      assertEquals(3L * users, s.ko("drop"), s.toString());
      assertEquals(2L * users, s.ok("reconnect"), s.toString());
      assertEquals(users, s.ok("connect"));
      assertEquals(6L * users, s.totalKo(), "nothing else failed: " + s);
      assertEquals(Map.of("Check heartbeat timeout", 3L * users, DropCause.HEARTBEAT_TIMEOUT, 3L * users), s.errors);
    }
  }

  @Test
  void readmeExampleSubscribesChecksTheAckAndHolds(@TempDir Path results) throws Exception {
    int users = 20;
    GatlingRun run = GatlingRun.run("Subscribe", results, false,
        "users", "" + users, "ramp", "1s", "hold", "2s", "wsload.heartbeat.interval", "1s",
        "wsload.heartbeat.timeout", "800ms");
    assertEquals(0, run.exitCode, run.output);
    RunStatistics s = run.summary();
    assertEquals(users, s.ok("subscribe ack"), s.toString());
    assertTrue(s.ok(Requests.HEARTBEAT) >= 2L * users, s.toString());
    assertEquals(users, s.ok(Requests.CLOSE), s.toString());
    assertEquals(0, s.totalKo(), s.toString());
  }

  @Test
  void aStepThatThrowsIsOneKoForThatUserWhoCarriesOn(@TempDir Path results) throws Exception {
    int users = 10;
    GatlingRun run = GatlingRun.run(FaultyStepSimulation.class.getName(), results, false, "users", "" + users, "ramp", "1s", "hold", "1s");
    assertEquals(2, run.exitCode, "the KOs fail the assertions, nothing else:\n" + run.output);
    RunStatistics s = run.summary();
    assertEquals(2L * users, s.ko(Requests.FAILED_STEP), s.toString());
    assertEquals(users, s.errors.get("missingClass step failed: java.lang.NoClassDefFoundError: io/example/Gone"),
        s.toString());
    assertEquals(users, s.errors.entrySet().stream().filter(e -> e.getKey().startsWith(
        "checkConnection step failed: java.lang.ClassCastException")).mapToLong(e -> e.getValue()).sum(), s.toString());
    assertEquals(users, s.ok(Requests.CLOSE), "every user carried on to its close: " + s);
    assertEquals(users, s.users.get("faulty steps")[1], "every user ended");
    assertEquals(2L * users, s.totalKo(), s.toString());
  }

  @Test
  void everySourceIpReachesEveryTargetPort(@TempDir Path results) throws Exception {
    try (EchoServer server = new EchoServer(ServerSettings.loopbackDefaults().withPorts(List.of(0, 0)))) {
      server.start();
      GatlingRun run = GatlingRun.run("Connect", results, false,
          "users", "60", "ramp", "1s", "hold", "1s", "target", String.join(",", server.urls()),
          "wsload.source-ips", "127.0.0.2-127.0.0.4");
      assertEquals(0, run.exitCode, run.output);
      assertEquals(60, run.summary().ok("connect"));
      // 3 source IPs x 2 ports = 6 routes, 10 connections each, as seen by the server.
      java.util.Map<String, Long> expected = new java.util.TreeMap<>();
      for (String ip : List.of("127.0.0.2", "127.0.0.3", "127.0.0.4")) {
        for (int port : server.boundPorts()) {
          expected.put(ip + "->" + port, 10L);
        }
      }
      assertEquals(expected, server.connections().acceptedByRoute());
    }
  }

  @Test
  void echoChecksEveryTextPayload(@TempDir Path results) throws Exception {
    GatlingRun run = GatlingRun.run("Echo", results, false,
        "users", "" + USERS, "ramp", "1s", "hold", "1s",
        "wsload.echo.count", "5", "wsload.echo.interval", "200ms", "wsload.echo.size", "1024");
    assertEquals(0, run.exitCode, run.output);
    RunStatistics s = run.summary();
    assertEquals(5L * USERS, s.ok("echo text"));
    assertEquals(5L * USERS, s.ok("same text back"));
    assertEquals(0, s.totalKo(), s.toString());
  }

  @Test
  void echoAmongPushesCountsThePushesAndChecksOnlyTheEcho(@TempDir Path results) throws Exception {
    // The embedded server pushes to every connection every 20 ms besides echoing: pushes that arrive while an
    // echo is awaited are "other messages", never a KO and never taken for the echo.
    GatlingRun run = GatlingRun.run("Echo", results, false,
        "users", "20", "ramp", "1s", "hold", "1s", "wsload.server.broadcast.rate", "50",
        "wsload.echo.count", "10", "wsload.echo.interval", "100ms", "wsload.echo.size", "256");
    assertEquals(0, run.exitCode, run.output);
    RunStatistics s = run.summary();
    assertEquals(200, s.ok("same text back"), s.toString());
    assertTrue(s.ok("other messages") > 0, s.toString());
    assertEquals(0, s.totalKo(), s.toString());
  }

  @Test
  void echoChecksEveryBinaryPayload(@TempDir Path results) throws Exception {
    GatlingRun run = GatlingRun.run("Echo", results, false,
        "users", "50", "ramp", "1s", "hold", "1s",
        "wsload.echo.type", "binary", "wsload.echo.count", "4", "wsload.echo.interval", "200ms",
        "wsload.echo.size", "65536");
    assertEquals(0, run.exitCode, run.output);
    RunStatistics s = run.summary();
    assertEquals(200, s.ok("same bytes back"));
    assertEquals(0, s.totalKo(), s.toString());
  }

  @Test
  void brokenTargetGivesKoForEveryUserAndFailsTheRun(@TempDir Path results) throws Exception {
    GatlingRun run;
    try (RefusedPort closed = new RefusedPort()) {
      run = GatlingRun.run("Connect", results, false, "users", "30", "ramp", "1s", "hold", "1s", "target", closed.url());
    }
    assertEquals(2, run.exitCode, "Gatling's exit code for failed assertions:\n" + run.output);
    RunStatistics s = run.summary();
    assertEquals(30, s.ko("connect"));
    assertEquals(0, s.ok("connect"));
    assertTrue(s.errors.keySet().stream().anyMatch(e -> e.contains("Connection refused")), s.errors.toString());
    assertTrue(run.output.contains("percentage of failed events is less than or equal to 0.0 : false"), run.output);
  }

  @Test
  void badConfigurationStopsBeforeLoadWithItsMessage(@TempDir Path results) throws Exception {
    GatlingRun run = GatlingRun.run("Connect", results, false, "users", "-1", "target", "http://127.0.0.1/x");
    assertEquals(RunRefused.EXIT_CODE, run.exitCode, run.output);
    assertTrue(run.output.contains("wsload.users = -1: must be a whole number greater than 0"), run.output);
    assertTrue(run.output.contains("wsload.target = http://127.0.0.1/x: scheme must be ws:// or wss://"), run.output);
    assertTrue(!run.output.contains("\tat "), "no stack trace:\n" + run.output);
  }
}
