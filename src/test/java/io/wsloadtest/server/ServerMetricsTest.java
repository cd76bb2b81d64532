package io.wsloadtest.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wsloadtest.config.MetricsSettings;
import io.wsloadtest.config.ServerSettings;
import io.wsloadtest.metrics.MetricsEndpoint;
import io.wsloadtest.metrics.MetricsText;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The echo server's /metrics, scraped over HTTP while real WebSocket clients talk to it. */
class ServerMetricsTest {

  private static final String FRAMES = "wsload_server_frames_total";
  private static final String CLOSES = "wsload_server_closes_total";

  @Test
  void framesAndClosesAreCountedByTypeAndCode(@TempDir Path dir) throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    MetricsSettings settings = new MetricsSettings(true, "127.0.0.1", 0, dir.toString(), Duration.ZERO,
        Duration.ofSeconds(5), 0, 1);
    try (EchoServer server = new EchoServer(ServerSettings.loopbackDefaults(), registry)) {
      server.start();
      String url = server.urls().get(0);
      try (MetricsEndpoint endpoint = MetricsEndpoint.start(settings, registry, "server")) {
        // Registered for Prometheus file_sd under this process.
        Path targetFile = endpoint.targetFile();
        JsonNode sd = new ObjectMapper().readTree(targetFile.toFile());
        assertEquals("127.0.0.1:" + endpoint.port(), sd.get(0).get("targets").get(0).asText());
        assertEquals("server", sd.get(0).get("labels").get("role").asText());

        try (WsTestClient a = new WsTestClient(url)) {
          a.socket.sendText("hello", true).join();
          assertEquals("hello", a.next().text());
          a.socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();
          assertEquals("binary", a.next().kind());
          a.socket.sendPing(ByteBuffer.wrap(new byte[] {7})).join();
          assertEquals("pong", a.next().kind());
          a.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
          assertEquals(1000, a.next().closeCode());
        }
        // A client that vanishes without a close frame.
        WsTestClient b = new WsTestClient(url);
        b.socket.sendText("x", true).join();
        b.next();
        b.close();

        MetricsText m = awaitNoOpenConnections(endpoint.url());
        assertEquals(2, m.sum("wsload_server_connections_accepted_total"));
        assertEquals(2, m.sum(FRAMES, "direction", "in", "type", "text"));
        assertEquals(2, m.sum(FRAMES, "direction", "out", "type", "text"));
        assertEquals(1, m.sum(FRAMES, "direction", "in", "type", "binary"));
        assertEquals(1, m.sum(FRAMES, "direction", "out", "type", "binary"));
        assertEquals(1, m.sum(FRAMES, "direction", "in", "type", "ping"));
        assertEquals(1, m.sum(FRAMES, "direction", "out", "type", "pong"));
        assertEquals(1, m.sum(FRAMES, "direction", "in", "type", "close"));
        assertEquals(1, m.sum(CLOSES, "code", "1000", "by", "client"), m.samples().toString());
        assertEquals(1, m.sum(CLOSES, "code", "1006", "by", "none"), m.samples().toString());
        assertEquals(2, m.sum(CLOSES), "one close per connection");
      }
      assertEquals(List.of(), List.of(dir.toFile().list()), "target file removed at close");
    }
  }

  @Test
  void oversizedFrameCountsAsServerClose1009(@TempDir Path dir) throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    MetricsSettings settings = new MetricsSettings(true, "127.0.0.1", 0, "", Duration.ZERO, Duration.ofSeconds(5), 0, 1);
    ServerSettings small = ServerSettings.loopbackDefaults();
    small = new ServerSettings(small.host(), List.of(0), small.path(), 16, small.backlog(), 1,
        small.heartbeatRequest(), small.heartbeatReply());
    try (EchoServer server = new EchoServer(small, registry);
        MetricsEndpoint endpoint = startAfter(server, settings, registry)) {
      try (WsTestClient c = new WsTestClient(server.urls().get(0))) {
        c.socket.sendText("this text is longer than sixteen bytes", true).join();
        assertEquals(1009, c.next().closeCode());
      }
      MetricsText m = awaitNoOpenConnections(endpoint.url());
      // The decoder sends this close itself, ahead of the counting handler: counted from its exception.
      assertEquals(1, m.sum(CLOSES, "code", "1009", "by", "server"), m.samples().toString());
      assertEquals(1, m.sum(CLOSES), "one close per connection: " + m.samples());
    }
  }

  private static MetricsEndpoint startAfter(EchoServer server, MetricsSettings s, PrometheusRegistry r)
      throws InterruptedException {
    server.start();
    return MetricsEndpoint.start(s, r, "server");
  }

  /** Closes are counted when the server sees the TCP connection end, shortly after the client let go. */
  private static MetricsText awaitNoOpenConnections(String url) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    MetricsText m = MetricsText.scrape(url);
    while (m.sum("wsload_server_connections_open") > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
      m = MetricsText.scrape(url);
    }
    assertEquals(0, m.sum("wsload_server_connections_open"), m.samples().toString());
    return m;
  }
}
