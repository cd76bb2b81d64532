package io.wsloadtest.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.testkit.GatlingRun;
import io.wsloadtest.testkit.PushServer;
import io.wsloadtest.ws.Requests;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a server that pushes to every client, pings its clients (dropping those that do not answer) and
 * speaks a JSON heartbeat: pushes are measured, pushes in between never fail a heartbeat, and the clients
 * answer the server's pings (Gatling does it natively).
 */
class PushEndToEndTest {

  static final String[] JSON_HEARTBEAT = {"wsload.heartbeat.mode", "text", "wsload.heartbeat.request",
      "{\"type\":\"ping\"}", "wsload.heartbeat.reply", "$[?(@.type == 'pong')]", "wsload.heartbeat.reply-match",
      "jsonpath", "wsload.heartbeat.interval", "1s", "wsload.heartbeat.timeout", "900ms"};

  static String[] with(String[] common, String... more) {
    String[] all = java.util.Arrays.copyOf(common, common.length + more.length);
    System.arraycopy(more, 0, all, common.length, more.length);
    return all;
  }

  @Test
  void pushesAreMeasuredAndJsonHeartbeatsIgnoreThem(@TempDir Path results) throws Exception {
    int users = 20;
    try (PushServer server = new PushServer(100)) {
      GatlingRun run = GatlingRun.run("Push", results, false, with(JSON_HEARTBEAT,
          "users", "" + users, "ramp", "1s", "hold", "3s", "target", server.url()));
      assertEquals(0, run.exitCode, run.output);
      RunStatistics s = run.summary();
      assertEquals(0, s.totalKo(), s.toString());
      assertEquals(users, s.ok(Requests.CONNECT));
      // 10 pushes/s to each user for the 3 s or more each is connected.
      assertTrue(s.ok(Requests.PUSH) >= 25L * users, s.toString());
      assertEquals(0, s.ko(Requests.PUSH_GAP) + s.ko(Requests.PUSH_DUPLICATE), s.toString());
      assertTrue(s.percentile(Requests.PUSH, 50) < 500, "delivery latency p50 " + s.percentile(Requests.PUSH, 50));
      assertTrue(s.ok(Requests.HEARTBEAT) >= 2L * users, s.toString());
      // Each heartbeat reply comes after a notice: counted as another message, never a KO.
      assertTrue(s.ok(Requests.OTHER_MESSAGES) >= s.ok(Requests.HEARTBEAT), s.toString());
      Matcher rate = Pattern.compile("push: [\\d,]+ messages, ([\\d.]+) messages/s per user, gaps 0, duplicates 0")
          .matcher(run.output);
      assertTrue(rate.find(), run.output);
      double perUser = Double.parseDouble(rate.group(1));
      assertTrue(perUser > 7 && perUser < 13, "about 10 messages/s per user: " + perUser);
      // The server pinged every client every 300 ms and dropped none: Gatling answers pings by itself.
      assertTrue(server.pongs.get() >= 5L * users, "pongs " + server.pongs.get());
      assertEquals(0, server.droppedForNoPong.get());
    }
  }

  @Test
  void perUserTokensFromACsvSubprotocolAndOriginReachTheServerAndStayOutOfTheOutput(@TempDir Path results)
      throws Exception {
    Path csv = results.resolve("users.csv");
    java.nio.file.Files.writeString(csv, "user,token\nalice,secret-token-a\nbob,secret-token-b\n");
    try (PushServer server = new PushServer(1000)) {
      GatlingRun run = GatlingRun.run("Connect", results.resolve("run"), false, "users", "4", "ramp", "1s",
          "hold", "1s", "target", server.url(), "wsload.handshake.users-csv", csv.toString(),
          "wsload.handshake.user-headers.Authorization", "Bearer #{token}",
          "wsload.handshake.user-query.user", "#{user}",
          "wsload.handshake.subprotocol", "chat", "wsload.handshake.origin", "https://app.example.com");
      assertEquals(0, run.exitCode, run.output);
      // Gatling's circular csv feeder: one row per user in turn.
      assertEquals(java.util.List.of(
              "/push?user=alice | Bearer secret-token-a | https://app.example.com | chat",
              "/push?user=alice | Bearer secret-token-a | https://app.example.com | chat",
              "/push?user=bob | Bearer secret-token-b | https://app.example.com | chat",
              "/push?user=bob | Bearer secret-token-b | https://app.example.com | chat"),
          server.handshakes.stream().sorted().toList());
      assertTrue(run.output.contains("per user:   " + csv + ": headers [Authorization], query [user] (values hidden)"),
          run.output);
      assertTrue(!run.output.contains("secret-token"), run.output);
    }
  }

  @Test
  void pushAgainstTheEmbeddedServersBroadcastModeWithDefaults(@TempDir Path results) throws Exception {
    int users = 20;
    GatlingRun run = GatlingRun.run("Push", results, false, "users", "" + users, "ramp", "1s", "hold", "2s",
        "wsload.server.broadcast.rate", "20");
    assertEquals(0, run.exitCode, run.output);
    RunStatistics s = run.summary();
    assertEquals(0, s.totalKo(), s.toString());
    // 20 pushes/s to each user for the 2 s or more each is connected.
    assertTrue(s.ok(Requests.PUSH) >= 30L * users, s.toString());
    assertTrue(run.output.contains(", gaps 0, duplicates 0"), run.output);
  }

  @Test
  void jsonHeartbeatHoldsAgainstAServerPushingEvery700ms(@TempDir Path results) throws Exception {
    int users = 20;
    try (PushServer server = new PushServer(700)) {
      GatlingRun run = GatlingRun.run("Heartbeat", results, false, with(JSON_HEARTBEAT,
          "users", "" + users, "ramp", "1s", "hold", "3s", "target", server.url()));
      assertEquals(0, run.exitCode, run.output);
      RunStatistics s = run.summary();
      assertEquals(0, s.totalKo(), s.toString());
      assertTrue(s.ok(Requests.HEARTBEAT) >= 3L * users, s.toString());
      assertTrue(s.ok(Requests.OTHER_MESSAGES) >= s.ok(Requests.HEARTBEAT), s.toString());
      assertEquals(users, s.ok(Requests.CLOSE), s.toString());
    }
  }
}
