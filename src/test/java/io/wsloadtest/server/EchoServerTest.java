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
    // A raw client sends only the header of a 65,537-byte frame: the server refuses from the header alone.
    // Sending the payload too raced the server's close (its reset could reach the client before the 1009).
    java.net.URI uri = java.net.URI.create(url);
    try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost()
          + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        head.append((char) in.readUnsignedByte());
      }
      assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
      // FIN + binary, masked, 64-bit length 65,537, a mask key; no payload.
      ByteBuffer header = ByteBuffer.allocate(14).put((byte) 0x82).put((byte) (0x80 | 127)).putLong(65_537)
          .putInt(0x01020304);
      socket.getOutputStream().write(header.array());
      socket.getOutputStream().flush();
      assertEquals(0x88, in.readUnsignedByte(), "a close frame");
      int length = in.readUnsignedByte() & 0x7f;
      byte[] payload = in.readNBytes(length);
      assertEquals(1009, ((payload[0] & 0xff) << 8) | (payload[1] & 0xff), "close code");
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
