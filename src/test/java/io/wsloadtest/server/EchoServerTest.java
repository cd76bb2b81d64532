package io.wsloadtest.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.config.ServerSettings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Drives the echo server over real loopback sockets with the JDK's WebSocket client. */
class EchoServerTest {

  static EchoServer server;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    server = new EchoServer(ServerSettings.loopbackDefaults().withPorts(List.of(0, 0)));
    server.start();
    url = server.urls().get(0);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void echoesTextUnchanged() throws Exception {
    try (WsTestClient c = new WsTestClient(url)) {
      c.socket.sendText("héllo wörld", true).join();
      WsTestClient.Event e = c.next();
      assertEquals("text", e.kind());
      assertEquals("héllo wörld", e.text());
    }
  }

  @Test
  void echoesBinaryUnchanged() throws Exception {
    byte[] payload = new byte[4096];
    ThreadLocalRandom.current().nextBytes(payload);
    try (WsTestClient c = new WsTestClient(url)) {
      c.socket.sendBinary(ByteBuffer.wrap(payload), true).join();
      WsTestClient.Event e = c.next();
      assertEquals("binary", e.kind());
      assertArrayEquals(payload, e.bytes());
    }
  }

  @Test
  void answersPingControlFrameWithPongCarryingSamePayload() throws Exception {
    try (WsTestClient c = new WsTestClient(url)) {
      c.socket.sendPing(ByteBuffer.wrap("42".getBytes(StandardCharsets.UTF_8))).join();
      WsTestClient.Event e = c.next();
      assertEquals("pong", e.kind());
      assertEquals("42", new String(e.bytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void answersApplicationHeartbeat() throws Exception {
    try (WsTestClient c = new WsTestClient(url)) {
      c.socket.sendText("ping", true).join();
      assertEquals("pong", c.next().text());
    }
  }

  @Test
  void closesWith1009AboveFrameLimit() throws Exception {
    try (WsTestClient c = new WsTestClient(url)) {
      // Not joined: the server may close with 1009 from the frame header, before the client has written the
      // payload, and then the send fails ("closed output"). The close code the client receives is the point.
      c.socket.sendBinary(ByteBuffer.wrap(new byte[65_537]), true);
      WsTestClient.Event e = c.next();
      assertEquals("close", e.kind());
      assertEquals(1009, e.closeCode());
    }
  }

  @Test
  void frameAtTheLimitIsEchoed() throws Exception {
    try (WsTestClient c = new WsTestClient(url)) {
      c.socket.sendBinary(ByteBuffer.wrap(new byte[65_536]), true).join();
      assertEquals(65_536, c.next().bytes().length);
    }
  }

  @Test
  void answersCloseAndCountsConnections() throws Exception {
    // Earlier tests' aborted clients may still be closing: start from a settled count.
    awaitOpen(0);
    long before = 0;
    WsTestClient c = new WsTestClient(url);
    awaitOpen(before + 1);
    c.socket.sendClose(1000, "bye").join();
    WsTestClient.Event e = c.next();
    assertEquals("close", e.kind());
    assertEquals(1000, e.closeCode());
    awaitOpen(before);
  }

  @Test
  void servesEveryConfiguredPort() throws Exception {
    List<String> urls = server.urls();
    assertEquals(2, urls.size());
    for (String u : urls) {
      try (WsTestClient c = new WsTestClient(u)) {
        c.socket.sendText("port check", true).join();
        assertEquals("port check", c.next().text());
      }
    }
  }

  @Test
  void refusesUpgradeOnOtherPath() {
    String wrong = url.replace("/echo", "/nope");
    ExecutionException e = assertThrows(ExecutionException.class, () -> new WsTestClient(wrong));
    java.net.http.WebSocketHandshakeException refused = (java.net.http.WebSocketHandshakeException) e.getCause();
    assertEquals(404, refused.getResponse().statusCode());
  }

  @Test
  void aConnectionOutlivesTheHandshakeDeadline() throws Exception {
    ServerSettings quickDeadline = ServerSettings.loopbackDefaults().withLimits(0, java.time.Duration.ofMillis(300));
    try (EchoServer s = new EchoServer(quickDeadline)) {
      s.start();
      try (WsTestClient c = new WsTestClient(s.urls().get(0))) {
        Thread.sleep(1_000); // well past the handshake deadline: only unfinished handshakes are cut
        c.socket.sendText("still here", true).join();
        assertEquals("still here", c.next().text());
      }
    }
  }

  @Test
  void startFailsClearlyWhenPortIsTaken() {
    int taken = server.boundPorts().get(0);
    EchoServer second = new EchoServer(ServerSettings.loopbackDefaults().withPorts(List.of(taken)));
    IllegalStateException e = assertThrows(IllegalStateException.class, second::start);
    assertTrue(e.getMessage().contains(String.valueOf(taken)), e.getMessage());
  }

  private static void awaitOpen(long expected) throws InterruptedException {
    for (int i = 0; i < 100 && server.connections().open() != expected; i++) {
      Thread.sleep(50);
    }
    assertEquals(expected, server.connections().open());
  }
}
