package io.wsloadtest.protocol.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;

/**
 * One Socket.IO 5 packet: its type, namespace ("/" unless another), the ack id of an event that asks for an ack (or
 * of the ack that answers it), and its JSON data (null when there is none).
 */
public record SocketIoPacket(SocketIoType type, String namespace, Long ackId, JsonNode data) {

  public static final String MAIN_NAMESPACE = "/";

  public SocketIoPacket {
    Objects.requireNonNull(type, "type");
    namespace = namespace == null || namespace.isEmpty() ? MAIN_NAMESPACE : namespace;
    if (!namespace.startsWith("/")) {
      throw new IllegalArgumentException("Socket.IO namespace '" + namespace + "' must start with '/'");
    }
  }

  /** {@code 40} or {@code 40{auth}}: joins a namespace, with the auth object its middleware checks (or null). */
  public static SocketIoPacket connect(String namespace, JsonNode auth) {
    return new SocketIoPacket(SocketIoType.CONNECT, namespace, null, auth);
  }

  /** {@code 41}: leaves a namespace. */
  public static SocketIoPacket disconnect(String namespace) {
    return new SocketIoPacket(SocketIoType.DISCONNECT, namespace, null, null);
  }

  /** {@code 42["name",args...]}, or with an ack id {@code 42<id>["name",args...]} when the sender wants an ack. */
  public static SocketIoPacket event(String namespace, Long ackId, String name, JsonNode... args) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode().add(name);
    for (JsonNode arg : args) {
      array.add(arg);
    }
    return new SocketIoPacket(SocketIoType.EVENT, namespace, ackId, array);
  }

  /** {@code 43<id>[args...]}: answers the event that carried that ack id. */
  public static SocketIoPacket ack(String namespace, long ackId, JsonNode... args) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (JsonNode arg : args) {
      array.add(arg);
    }
    return new SocketIoPacket(SocketIoType.ACK, namespace, ackId, array);
  }

  /** The event's name: the first element of its data array; null for packets that are not events. */
  public String eventName() {
    if (type != SocketIoType.EVENT || data == null || !data.isArray() || data.isEmpty() || !data.get(0).isTextual()) {
      return null;
    }
    return data.get(0).asText();
  }

  /** The event's first argument (after its name), or null. */
  public JsonNode eventArgument() {
    return eventName() == null || data.size() < 2 ? null : data.get(1);
  }

  /**
   * Why the server refused a namespace: the "message" of a CONNECT_ERROR packet ({@code 44{"message":...}}), or its
   * whole data when it has no message; null for other packets.
   */
  public String errorMessage() {
    if (type != SocketIoType.CONNECT_ERROR) {
      return null;
    }
    if (data == null) {
      return "";
    }
    return data.hasNonNull("message") ? data.get("message").asText() : data.toString();
  }
}
