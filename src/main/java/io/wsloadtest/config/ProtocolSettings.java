package io.wsloadtest.config;

import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the servers under test speak on top of WebSocket ({@code wsload.protocol}) and that protocol's section:
 * raw frames ({@link PlainWebSocket}), or one of the application protocols, each with its own settings record.
 * A key of another protocol's section set by the user is refused: it would be silently ignored.
 */
public sealed interface ProtocolSettings
    permits ProtocolSettings.PlainWebSocket, GraphqlSettings, SocketIoSettings, MqttSettings, StompSettings {

  /** The name wsload.protocol takes ("graphql-ws"). */
  String name();

  /** The WebSocket subprotocol the upgrade asks for ("" = as wsload.handshake.subprotocol says). */
  default String subprotocol() {
    return "";
  }

  /** How long the application has to accept a client after the upgrade. */
  default java.time.Duration acceptTimeout() {
    return java.time.Duration.ofSeconds(10);
  }

  /** The report row of the protocol's request/reply, which echoes() times ("emit with ack"); "" when it has none. */
  default String requestName() {
    return "";
  }

  /** Why echoes() cannot work with this protocol as configured (requestName() is ""), as a problem to print. */
  default String requestProblem() {
    return "wsload.protocol = " + name() + ": has no request/reply for echoes(); use it with wsload.protocol ="
        + " websocket, or a protocol that answers requests (an ack, a receipt)";
  }

  /** Why subscribe() cannot work as configured (a key it needs is empty), as a problem naming the key; "" if it can. */
  default String subscribeProblem() {
    return "";
  }

  /**
   * True where a heartbeat asks the server and times its answer; false where it awaits the server's own next
   * keep-alive (Socket.IO's ping, STOMP's heart-beat), timed from when that was due: such a wait has no due time
   * of ours to be late from, so it gets no "(from schedule)" record.
   */
  default boolean heartbeatAsks() {
    return true;
  }

  /** True for raw WebSocket frames: no session handshake, keep-alive or framing of an application protocol. */
  default boolean plain() {
    return false;
  }

  /** Raw WebSocket frames: heartbeats, echoes and pushes as wsload.heartbeat, echo and push say. */
  record PlainWebSocket() implements ProtocolSettings {
    @Override
    public String name() {
      return "websocket";
    }

    @Override
    public boolean plain() {
      return true;
    }
  }

  /** The protocols by name, with their config sections (the plain one has none). */
  enum Known {
    WEBSOCKET("websocket", null),
    GRAPHQL_WS("graphql-ws", "graphql"),
    SOCKETIO("socketio", "socketio"),
    MQTT("mqtt", "mqtt"),
    STOMP("stomp", "stomp");

    final String configName;
    final String section;

    Known(String configName, String section) {
      this.configName = configName;
      this.section = section;
    }
  }

  /** wsload.protocol and its section. */
  static ProtocolSettings read(KeyReader r) {
    String name = r.string("protocol", "websocket");
    Known chosen = null;
    List<String> names = new ArrayList<>();
    for (Known k : Known.values()) {
      names.add(k.configName);
      if (k.configName.equals(name)) {
        chosen = k;
      }
    }
    if (chosen == null) {
      r.problem("protocol", name, "unknown protocol; known: " + String.join(", ", names));
      chosen = Known.WEBSOCKET;
    }
    for (Known other : Known.values()) {
      if (other != chosen && other.section != null) {
        refuseSetKeys(r, other, chosen);
      }
    }
    return switch (chosen) {
      case WEBSOCKET -> new PlainWebSocket();
      case GRAPHQL_WS -> GraphqlSettings.read(r);
      case SOCKETIO -> SocketIoSettings.read(r);
      case MQTT -> MqttSettings.read(r);
      case STOMP -> StompSettings.read(r);
    };
  }

  /** Keys of another protocol's section that the user set (anything not from reference.conf) are problems. */
  private static void refuseSetKeys(KeyReader r, Known other, Known chosen) {
    if (!r.c.hasPath(other.section)) {
      return;
    }
    for (Map.Entry<String, ConfigValue> e : r.c.getConfig(other.section).entrySet()) {
      String resource = e.getValue().origin().resource();
      if (resource == null || !resource.endsWith("reference.conf")) {
        r.problem(other.section + "." + e.getKey(), e.getValue().unwrapped(), "a setting of protocol "
            + other.configName + ", but wsload.protocol = " + chosen.configName + "; remove it or set -Dwsload.protocol="
            + other.configName);
      }
    }
  }
}
