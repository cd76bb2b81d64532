package io.wsloadtest.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's) that records what it receives, for server tests. */
final class WsTestClient implements AutoCloseable {

  /** One thing the client saw: a text, binary or pong message, or the close with its status code. */
  record Event(String kind, String text, byte[] bytes, int closeCode) {}

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  final WebSocket socket;

  WsTestClient(String url) throws Exception {
    this(url, null);
  }

  /** With TLS: trusts what the SSL context trusts. */
  WsTestClient(String url, javax.net.ssl.SSLContext ssl) throws Exception {
    HttpClient.Builder client = HttpClient.newBuilder();
    if (ssl != null) {
      client.sslContext(ssl);
    }
    socket = client.build().newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .buildAsync(URI.create(url), new Listener())
        .get(10, TimeUnit.SECONDS);
  }

  Event next() throws InterruptedException {
    Event e = events.poll(10, TimeUnit.SECONDS);
    if (e == null) {
      throw new AssertionError("no WebSocket event within 10 s");
    }
    return e;
  }

  /** The next event within the wait, or null when nothing came. */
  Event poll(Duration wait) throws InterruptedException {
    return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        events.add(new Event("text", text.toString(), null, 0));
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      binary.writeBytes(chunk);
      if (last) {
        events.add(new Event("binary", null, binary.toByteArray(), 0));
        binary = new java.io.ByteArrayOutputStream();
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
      byte[] b = new byte[message.remaining()];
      message.get(b);
      events.add(new Event("pong", null, b, 0));
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      events.add(new Event("close", reason, null, statusCode));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      events.add(new Event("error", String.valueOf(error), null, 0));
    }
  }
}
