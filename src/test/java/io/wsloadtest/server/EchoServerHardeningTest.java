package io.wsloadtest.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.config.LoadTestConfig;
import io.wsloadtest.config.ServerSettings;
import io.wsloadtest.tls.ClientTrust;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The echo server against hostile or broken clients, over raw loopback sockets: garbage, silence, half a
 * handshake, oversized heads, protocol violations, too many connections, TLS. After each, it still serves.
 */
class EchoServerHardeningTest {

  /** Short, so the tests need not wait long; the assertions only check that the close happens at all. */
  static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(700);
  static final int MAX_CONNECTIONS = 3;

  static EchoServer server;
  static String url;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    server = new EchoServer(ServerSettings.loopbackDefaults().withLimits(MAX_CONNECTIONS, HANDSHAKE_TIMEOUT));
    server.start();
    url = server.urls().get(0);
    port = server.boundPorts().get(0);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void bindsLoopbackByDefault() throws Exception {
    ServerSettings defaults = LoadTestConfig.parse(new Properties(), Map.of()).server();
    assertEquals("127.0.0.1", defaults.host());
    try (EchoServer s = new EchoServer(defaults)) {
      s.start();
      assertTrue(s.urls().get(0).startsWith("ws://127.0.0.1:"), s.urls().toString());
    }
  }

  @Test
  void garbageBytesGet400AndAClose() throws Exception {
    byte[] garbage = new byte[2048];
    ThreadLocalRandom.current().nextBytes(garbage);
    garbage[0] = 0x16; // looks like a TLS record: a client speaking wss:// to a ws:// port
    try (Socket s = connect()) {
      s.getOutputStream().write(garbage);
      String reply = readUntilClosed(s);
      assertTrue(reply.startsWith("HTTP/1.1 400 Bad Request"), reply);
    }
    assertStillServes();
  }

  @Test
  void silentClientIsDroppedAfterTheHandshakeTimeout() throws Exception {
    try (Socket s = connect()) {
      assertEquals("", readUntilClosed(s), "closed without a reply");
    }
    assertStillServes();
  }

  @Test
  void halfAHandshakeTrickledSlowlyIsDroppedAtTheDeadline() throws Exception {
    try (Socket s = connect()) {
      OutputStream out = s.getOutputStream();
      out.write("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n".getBytes(StandardCharsets.US_ASCII));
      // One header byte every 100 ms: never idle, never finished. Only a deadline stops this.
      boolean closed = false;
      for (int i = 0; i < 200 && !closed; i++) {
        try {
          out.write('X');
          out.flush();
          Thread.sleep(100);
        } catch (SocketException e) {
          closed = true;
        }
        if (!closed && s.getInputStream().available() == 0) {
          s.setSoTimeout(1);
          try {
            closed = s.getInputStream().read() == -1;
          } catch (SocketTimeoutException stillOpen) {
            // not closed yet
          } catch (SocketException reset) {
            closed = true;
          }
        }
      }
      assertTrue(closed, "the server closed the trickling connection");
    }
    assertStillServes();
  }

  @Test
  void oversizedRequestHeadGets400() throws Exception {
    try (Socket s = connect()) {
      String head = "GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "A".repeat(20_000) + "\r\n\r\n";
      s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      String reply = readUntilClosed(s);
      assertTrue(reply.startsWith("HTTP/1.1 400 Bad Request"), reply);
    }
    assertStillServes();
  }

  @Test
  void protocolViolationAfterTheHandshakeClosesWith1002() throws Exception {
    try (Socket s = connect()) {
      handshake(s);
      // An unmasked client frame with reserved bits set: two violations of RFC 6455.
      s.getOutputStream().write(new byte[] {(byte) 0xF1, 0x05, 'h', 'e', 'l', 'l', 'o'});
      byte[] reply = readUntilClosed(s).getBytes(StandardCharsets.ISO_8859_1);
      assertTrue(reply.length >= 4, "a close frame before the TCP close");
      assertEquals((byte) 0x88, reply[0], "close frame");
      assertEquals(1002, ((reply[2] & 0xff) << 8) | (reply[3] & 0xff), "protocol error");
    }
    assertStillServes();
  }

  @Test
  void connectionsBeyondTheLimitGet503AndTheServerRecovers() throws Exception {
    awaitNoConnections();
    WsTestClient[] held = new WsTestClient[MAX_CONNECTIONS];
    try {
      for (int i = 0; i < MAX_CONNECTIONS; i++) {
        held[i] = new WsTestClient(url);
      }
      ExecutionException e = assertThrows(ExecutionException.class, () -> new WsTestClient(url));
      assertEquals(503, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
      // The refused connection was answered and closed, not kept.
      try (Socket s = connect()) {
        s.getOutputStream().write(upgradeRequest().getBytes(StandardCharsets.US_ASCII));
        assertTrue(readUntilClosed(s).startsWith("HTTP/1.1 503 Service Unavailable"));
      }
    } finally {
      for (WsTestClient c : held) {
        if (c != null) {
          c.close();
        }
      }
    }
    awaitNoConnections();
    assertStillServes();
  }

  @Test
  void tlsServerEchoesForAClientThatTrustsItsCertificate_andRefusesPlainHttp() throws Exception {
    try (EchoServer tls = new EchoServer(ServerSettings.loopbackDefaults()
        .withLimits(0, HANDSHAKE_TIMEOUT).withTls(ServerSettings.Tls.SELF_SIGNED))) {
      tls.start();
      String wss = tls.urls().get(0);
      assertTrue(wss.startsWith("wss://127.0.0.1:"), wss);
      SSLContext trusting = ClientTrust.sslContext(
          ClientTrust.trustManagers(false, null, "", List.of(tls.selfSignedCertificate())));
      // The certificate is for "localhost": the JDK client checks host names.
      try (WsTestClient c = new WsTestClient(wss.replace("127.0.0.1", "localhost"), trusting)) {
        c.socket.sendText("over tls", true).join();
        assertEquals("over tls", c.next().text());
      }
      // The JVM's CAs do not know a self-signed certificate.
      SSLContext cas = ClientTrust.sslContext(ClientTrust.trustManagers(false, null, "", List.of()));
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> new WsTestClient(wss.replace("127.0.0.1", "localhost"), cas));
      assertTrue(String.valueOf(e.getCause()).contains("SSLHandshakeException"), String.valueOf(e.getCause()));
      // Plain HTTP to the TLS port is not a TLS record: closed, and the server goes on serving.
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", tls.boundPorts().get(0)), 5000);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(upgradeRequest().getBytes(StandardCharsets.US_ASCII));
        assertTrue(!readUntilClosed(s).startsWith("HTTP/1.1 101"));
      }
      try (WsTestClient c = new WsTestClient(wss.replace("127.0.0.1", "localhost"), trusting)) {
        c.socket.sendText("still", true).join();
        assertEquals("still", c.next().text());
      }
    }
  }

  // --- helpers -----------------------------------------------------------------------------------------

  private static Socket connect() throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    s.setSoTimeout(15_000); // far above the handshake timeout: a hang fails the test instead of blocking it
    return s;
  }

  private static String upgradeRequest() {
    return "GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  }

  /** Completes a WebSocket handshake by hand and reads the 101 response head. */
  private static void handshake(Socket s) throws IOException {
    s.getOutputStream().write(upgradeRequest().getBytes(StandardCharsets.US_ASCII));
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b == -1) {
        throw new AssertionError("closed during handshake: " + head);
      }
      head.append((char) b);
    }
    assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
  }

  /** Everything the server sends until it closes the connection (a reset counts as a close). */
  private static String readUntilClosed(Socket s) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    try {
      for (int n; (n = s.getInputStream().read(buf)) != -1; ) {
        got.write(buf, 0, n);
      }
    } catch (SocketException reset) {
      // closed with unread data on our side: still a close
    }
    return got.toString(StandardCharsets.ISO_8859_1);
  }

  private static void assertStillServes() throws Exception {
    try (WsTestClient c = new WsTestClient(url)) {
      c.socket.sendText("still here", true).join();
      assertEquals("still here", c.next().text());
    }
  }

  private static void awaitNoConnections() throws InterruptedException {
    for (int i = 0; i < 200 && server.connections().open() != 0; i++) {
      Thread.sleep(50);
    }
    assertEquals(0, server.connections().open(), "connections left open");
  }

}
