package io.wsloadtest.protocol.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Socket.IO 5 packets as text: {@code <type>[<namespace>,][<ackId>][<JSON>]}, the namespace written only when it is
 * not "/". Binary packets (attachments in separate frames) are refused: the load-test client sends and expects JSON.
 */
public final class SocketIoCodec {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SocketIoCodec() {}

  public static String encode(SocketIoPacket packet) {
    if (packet.type() == SocketIoType.BINARY_EVENT || packet.type() == SocketIoType.BINARY_ACK) {
      throw new IllegalArgumentException("binary Socket.IO packets are not supported: " + packet.type());
    }
    StringBuilder out = new StringBuilder().append(packet.type().digit());
    if (!SocketIoPacket.MAIN_NAMESPACE.equals(packet.namespace())) {
      out.append(packet.namespace()).append(',');
    }
    if (packet.ackId() != null) {
      out.append(packet.ackId());
    }
    if (packet.data() != null) {
      out.append(packet.data());
    }
    return out.toString();
  }

  public static SocketIoPacket decode(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty Socket.IO packet");
    }
    SocketIoType type = SocketIoType.of(text.charAt(0));
    if (type == SocketIoType.BINARY_EVENT || type == SocketIoType.BINARY_ACK) {
      throw new IllegalArgumentException("binary Socket.IO packets are not supported: " + quote(text));
    }
    int i = 1;
    String namespace = SocketIoPacket.MAIN_NAMESPACE;
    if (i < text.length() && text.charAt(i) == '/') {
      int comma = text.indexOf(',', i);
      namespace = comma < 0 ? text.substring(i) : text.substring(i, comma);
      i = comma < 0 ? text.length() : comma + 1;
    }
    int digits = i;
    while (digits < text.length() && Character.isDigit(text.charAt(digits))) {
      digits++;
    }
    Long ackId = digits > i ? Long.valueOf(text.substring(i, digits)) : null;
    JsonNode data = null;
    if (digits < text.length()) {
      try {
        data = JSON.readTree(text.substring(digits));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("Socket.IO packet with malformed JSON: " + quote(text), e);
      }
    }
    if (type == SocketIoType.EVENT && (data == null || !data.isArray() || data.isEmpty())) {
      throw new IllegalArgumentException("Socket.IO event without [name, ...]: " + quote(text));
    }
    return new SocketIoPacket(type, namespace, ackId, data);
  }

  static String quote(String text) {
    return "'" + (text.length() > 200 ? text.substring(0, 200) + "..." : text) + "'";
  }
}
