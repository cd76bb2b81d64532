package io.wsloadtest.protocol.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Engine.IO 4 packets as WebSocket text frames, with the Socket.IO packet inside each MESSAGE. */
public final class EngineIoCodec {

  /** The query that selects Engine.IO 4 over a WebSocket from the first request, without polling first. */
  public static final String WEBSOCKET_QUERY = "EIO=4&transport=websocket";

  private static final ObjectMapper JSON = new ObjectMapper();

  private EngineIoCodec() {}

  public static String encode(EnginePacket packet) {
    if (packet instanceof EnginePacket.Message message) {
      return "4" + SocketIoCodec.encode(message.packet());
    } else if (packet instanceof EnginePacket.Ping ping) {
      return "2" + nullToEmpty(ping.data());
    } else if (packet instanceof EnginePacket.Pong pong) {
      return "3" + nullToEmpty(pong.data());
    } else if (packet instanceof EnginePacket.Open open) {
      return "0" + openJson(open);
    } else if (packet instanceof EnginePacket.Close) {
      return "1";
    } else if (packet instanceof EnginePacket.Upgrade) {
      return "5";
    }
    return "6";
  }

  /** The text frame that carries this Socket.IO packet. */
  public static String encode(SocketIoPacket packet) {
    return encode(new EnginePacket.Message(packet));
  }

  public static EnginePacket decode(String frame) {
    if (frame.isEmpty()) {
      throw new IllegalArgumentException("empty Engine.IO packet");
    }
    String data = frame.substring(1);
    return switch (frame.charAt(0)) {
      case '0' -> open(frame, data);
      case '1' -> new EnginePacket.Close();
      case '2' -> new EnginePacket.Ping(data);
      case '3' -> new EnginePacket.Pong(data);
      case '4' -> new EnginePacket.Message(SocketIoCodec.decode(data));
      case '5' -> new EnginePacket.Upgrade();
      case '6' -> new EnginePacket.Noop();
      default -> throw new IllegalArgumentException("unknown Engine.IO packet type: " + SocketIoCodec.quote(frame));
    };
  }

  private static EnginePacket.Open open(String frame, String data) {
    JsonNode json;
    try {
      json = JSON.readTree(data);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Engine.IO open packet with malformed JSON: " + SocketIoCodec.quote(frame), e);
    }
    if (json == null || !json.hasNonNull("sid") || !json.path("pingInterval").canConvertToLong()
        || !json.path("pingTimeout").canConvertToLong()) {
      throw new IllegalArgumentException(
          "Engine.IO open packet without sid, pingInterval and pingTimeout: " + SocketIoCodec.quote(frame));
    }
    return new EnginePacket.Open(json.get("sid").asText(), json.get("pingInterval").asLong(),
        json.get("pingTimeout").asLong(), json.path("maxPayload").asLong(0));
  }

  private static String openJson(EnginePacket.Open open) {
    return JSON.createObjectNode().put("sid", open.sid()).put("pingInterval", open.pingIntervalMs())
        .put("pingTimeout", open.pingTimeoutMs()).put("maxPayload", open.maxPayload()).toString();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
