package io.wsloadtest.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.simlog.RunStatistics;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server as chat and market-data servers are: it pushes {"seq","ts","data"} every 700 ms, answers a JSON heartbeat
 * ({"type":"ping"} -> {"type":"pong"}), and pings every client every 500 ms itself, dropping (1011) a client
 * whose pong is not back within a second. Python's websockets library does the pinging and dropping.
 */
class PushServerConformanceTest {

  static final int USERS = 20;
  static final String[] PUSH_SERVER = {"--push-every", "0.7", "--ping-interval", "0.5", "--ping-timeout", "1"};

  @Test
  void jsonHeartbeatAmongPushesHasNoKo_andTheClientsAnswerTheServersPings(@TempDir Path results) throws Exception {
    try (PythonWsServer server = new PythonWsServer(PUSH_SERVER)) {
      ForeignServerRun run = ForeignServerRun.run("Heartbeat", server.url(), USERS, results,
          "hold", "3s", "wsload.heartbeat.interval", "1s", "wsload.heartbeat.timeout", "900ms",
          "wsload.heartbeat.mode", "text",
          "wsload.heartbeat.request", "{\"type\":\"ping\"}", "wsload.heartbeat.reply", "{\"type\":\"pong\"}");
      assertEquals(0, run.exitCode, run.toString());
      RunStatistics s = run.summary;
      assertEquals(USERS, s.ok("connect"), run.toString());
      // Each user beats once a second for the ~4 s it is connected, while pushes arrive in between.
      assertTrue(s.ok("heartbeat") >= 3L * USERS, run.toString());
      assertEquals(0, s.ok("reconnect"), run.toString());
      assertEquals(0, s.totalKo(), run.toString());

      PythonWsServer.Totals t = server.awaitClosed(USERS, 30_000);
      // ~4 s connected, a server ping every 0.5 s: several pings per connection, each answered by Gatling.
      assertTrue(t.pings() >= 4L * USERS, t.toString());
      assertTrue(t.pongs() >= t.pings() - USERS, "at most the one in flight at the close unanswered: " + t);
      assertEquals(0, t.dropped(), t.toString());
    }
  }

  @Test
  void pushesAreReceivedInOrder_withTheDefaults(@TempDir Path results) throws Exception {
    try (PythonWsServer server = new PythonWsServer(PUSH_SERVER)) {
      ForeignServerRun run = ForeignServerRun.run("Push", server.url(), USERS, results, "hold", "4s");
      assertEquals(0, run.exitCode, run.toString());
      RunStatistics s = run.summary;
      assertEquals(USERS, s.ok("connect"), run.toString());
      // The hold counts from the first user and the ramp takes 1 s: every user is subscribed for 3 s or nearly, and
      // a push every 0.7 s makes four; at least three each on a busy box.
      assertTrue(s.ok("push") >= 3L * USERS, run.toString());
      assertEquals(0, s.ko("push gap") + s.ko("push duplicate"), run.toString());
      assertEquals(0, s.totalKo(), run.toString());
      assertEquals(0, server.awaitClosed(USERS, 30_000).dropped());
    }
  }

  @Test
  void idleConnectionsStayUpWhileTheServerPingsThem(@TempDir Path results) throws Exception {
    try (PythonWsServer server = new PythonWsServer(PUSH_SERVER)) {
      // Connect sends nothing during its hold: only answering the server's pings keeps the connections up.
      ForeignServerRun run = ForeignServerRun.run("Connect", server.url(), USERS, results, "hold", "3s");
      assertEquals(0, run.exitCode, run.toString());
      assertEquals(USERS, run.summary.ok("close"), run.toString());
      assertEquals(0, run.summary.totalKo(), run.toString());
      PythonWsServer.Totals t = server.awaitClosed(USERS, 30_000);
      assertTrue(t.pings() >= 4L * USERS, t.toString());
      assertEquals(0, t.dropped(), t.toString());
    }
  }

  @Test
  void theServerDoesDropAClientThatDoesNotAnswer() throws Exception {
    // The control for the two tests above: a raw client that never sends a pong is dropped with 1011.
    try (PythonWsServer server = new PythonWsServer(PUSH_SERVER);
         Socket socket = new Socket()) {
      URI uri = URI.create(server.url());
      socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET / HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        head.append((char) in.readUnsignedByte());
      }
      assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
      boolean pinged = false;
      while (true) {
        int opcode = in.readUnsignedByte() & 0x0f;
        int length = in.readUnsignedByte() & 0x7f; // server frames are unmasked; these are all short
        byte[] payload = in.readNBytes(length);
        if (opcode == 0x9) {
          pinged = true; // and not answered
        } else if (opcode == 0x8) {
          assertTrue(pinged, "pinged before the close");
          assertEquals(1011, ((payload[0] & 0xff) << 8) | (payload[1] & 0xff), "close code");
          break;
        }
      }
      socket.close();
      assertEquals(1, server.awaitClosed(1, 30_000).dropped());
    }
  }
}
