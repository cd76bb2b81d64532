package io.wsloadtest.conformance;

import java.nio.ByteBuffer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketMessage;
import org.eclipse.jetty.websocket.api.annotations.WebSocket;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Jetty's WebSocket server, in this JVM, echoing texts and binaries on /echo. Jetty answers pings itself,
 * as RFC 6455 asks; nothing here speaks this project's own heartbeat text.
 */
final class JettyEchoServer implements AutoCloseable {

  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);

  JettyEchoServer() throws Exception {
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(WebSocketUpgradeHandler.from(server, container ->
        container.addMapping("/echo", (request, response, callback) -> new Echo())));
    server.start();
  }

  String url() {
    return "ws://127.0.0.1:" + connector.getLocalPort() + "/echo";
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  /** One per connection. */
  @WebSocket
  public static final class Echo {
    @OnWebSocketMessage
    public void onText(Session session, String text) {
      session.sendText(text, Callback.NOOP);
    }

    @OnWebSocketMessage
    public void onBinary(Session session, ByteBuffer payload, Callback callback) {
      session.sendBinary(payload, callback); // the payload stays valid until callback completes
    }
  }
}
