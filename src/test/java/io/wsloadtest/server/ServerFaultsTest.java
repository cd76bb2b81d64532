package io.wsloadtest.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.config.ServerFaults;
import io.wsloadtest.config.ServerSettings;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The echo server's fault modes, seen by a real WebSocket client (the JDK's) over loopback. */
class ServerFaultsTest {

  static EchoServer start(ServerFaults faults) throws InterruptedException {
    EchoServer server = new EchoServer(ServerSettings.loopbackDefaults().withFaults(faults));
    server.start();
    return server;
  }

  @Test
  void silentAfter_answersNothingButKeepsTheSocketOpen() throws Exception {
    try (EchoServer server = start(new ServerFaults(Duration.ofMillis(700), Duration.ZERO, 0, 1008, Duration.ofSeconds(1)));
         WsTestClient c = new WsTestClient(server.urls().get(0))) {
      c.socket.sendPing(ByteBuffer.wrap(new byte[] {1})).join();
      assertEquals("pong", c.next().kind(), "answers before the silence");
      Thread.sleep(900);
      c.socket.sendPing(ByteBuffer.wrap(new byte[] {2})).join();
      c.socket.sendText("ping", true).join();
      c.socket.sendText("echo me", true).join();
      assertNull(c.poll(Duration.ofMillis(800)), "no pong, no heartbeat reply, no echo");
      assertEquals(1, server.connections().open(), "the socket stays open");
      assertTrue(!c.socket.isOutputClosed() && !c.socket.isInputClosed());
    }
  }

  @Test
  void replyDelay_holdsBackEveryAnswer() throws Exception {
    try (EchoServer server = start(new ServerFaults(Duration.ZERO, Duration.ofMillis(400), 0, 1008, Duration.ofSeconds(1)));
         WsTestClient c = new WsTestClient(server.urls().get(0))) {
      long start = System.nanoTime();
      c.socket.sendPing(ByteBuffer.wrap(new byte[] {7})).join();
      assertEquals("pong", c.next().kind());
      assertTrue(System.nanoTime() - start >= 400_000_000L, "the pong came before the delay");
      start = System.nanoTime();
      c.socket.sendText("ping", true).join();
      assertEquals("pong", c.next().text());
      assertTrue(System.nanoTime() - start >= 400_000_000L, "the heartbeat reply came before the delay");
    }
  }

  @Test
  void closeFraction_closesExactlyThatShareWithTheCode() throws Exception {
    try (EchoServer server = start(new ServerFaults(Duration.ZERO, Duration.ZERO, 0.25, 4001, Duration.ofMillis(300)))) {
      List<WsTestClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          clients.add(new WsTestClient(server.urls().get(0)));
          Thread.sleep(20); // handshakes in client order, so the 4th and 8th are the ones closed
        }
        List<Integer> closed = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
          WsTestClient.Event e = clients.get(i).poll(Duration.ofMillis(i == 0 ? 1500 : 200));
          if (e != null) {
            assertEquals("close", e.kind());
            assertEquals(4001, e.closeCode());
            closed.add(i + 1);
          }
        }
        assertEquals(List.of(4, 8), closed);
      } finally {
        clients.forEach(WsTestClient::close);
      }
    }
  }

  @Test
  void evenSpreadPicksExactlyTheShare() {
    FaultInjector tenth = new FaultInjector(new ServerFaults(Duration.ZERO, Duration.ZERO, 0.1, 1008, Duration.ofSeconds(1)));
    long picked = 0;
    for (long n = 1; n <= 1000; n++) {
      picked += tenth.closes(n) ? 1 : 0;
    }
    assertEquals(100, picked);
    FaultInjector all = new FaultInjector(new ServerFaults(Duration.ZERO, Duration.ZERO, 1, 1008, Duration.ofSeconds(1)));
    assertTrue(all.closes(1) && all.closes(2));
  }
}
