package io.wsloadtest.protocol;

import io.wsloadtest.config.GraphqlSettings;
import io.wsloadtest.config.MqttSettings;
import io.wsloadtest.config.ProtocolSettings;
import io.wsloadtest.config.SocketIoSettings;
import io.wsloadtest.config.StompSettings;
import io.wsloadtest.protocol.graphql.GraphqlSession;
import io.wsloadtest.protocol.mqtt.MqttSession;
import io.wsloadtest.protocol.socketio.SocketIoSession;
import io.wsloadtest.protocol.stomp.StompSession;
import java.util.function.LongSupplier;

/** The session class of each application protocol. */
public final class Sessions {

  private Sessions() {}

  /**
   * A new session for one connection; null for plain WebSocket, which needs none. With {@code keepAlive} false
   * (wsload.keep-alive = false) it neither answers the server's keep-alives nor sends its own.
   */
  public static ProtocolSession create(ProtocolSettings settings, LongSupplier clock, boolean keepAlive) {
    ProtocolSession session = null;
    if (settings instanceof GraphqlSettings graphql) {
      session = new GraphqlSession(graphql, clock);
    }
    if (settings instanceof SocketIoSettings socketio) {
      session = new SocketIoSession(socketio, clock);
    }
    if (settings instanceof MqttSettings mqtt) {
      session = new MqttSession(mqtt, clock);
    }
    if (settings instanceof StompSettings stomp) {
      session = new StompSession(stomp, clock);
    }
    if (session != null && !keepAlive) {
      session.silenceKeepAlive();
    }
    return session;
  }
}
