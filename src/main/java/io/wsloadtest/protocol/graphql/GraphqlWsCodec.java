package io.wsloadtest.protocol.graphql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * graphql-transport-ws messages as JSON text frames ({"type","id","payload"}), checked as the protocol asks: a known
 * type, an id on operation messages, an object payload on subscribe and next, an array of errors on error.
 */
public final class GraphqlWsCodec {

  /** The WebSocket subprotocol of graphql-transport-ws (the library is graphql-ws; its older rival used "graphql-ws"). */
  public static final String SUBPROTOCOL = "graphql-transport-ws";

  private static final ObjectMapper JSON = new ObjectMapper();

  private GraphqlWsCodec() {}

  public static String encode(GraphqlWsMessage message) {
    ObjectNode json = JSON.createObjectNode().put("type", message.type().wireName());
    if (message.id() != null) {
      json.put("id", message.id());
    }
    if (message.payload() != null) {
      json.set("payload", message.payload());
    }
    return json.toString();
  }

  public static GraphqlWsMessage decode(String text) {
    JsonNode json;
    try {
      json = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("graphql-transport-ws message is not JSON: " + quote(text), e);
    }
    if (json == null || !json.isObject() || !json.path("type").isTextual()) {
      throw new IllegalArgumentException("graphql-transport-ws message without a \"type\": " + quote(text));
    }
    GraphqlWsType type = GraphqlWsType.of(json.get("type").asText());
    if (type == null) {
      throw new IllegalArgumentException("unknown graphql-transport-ws message type: " + quote(text));
    }
    JsonNode id = json.get("id");
    if (type.hasId() && (id == null || !id.isTextual() || id.asText().isEmpty())) {
      throw new IllegalArgumentException("graphql-transport-ws '" + type.wireName() + "' without an id: " + quote(text));
    }
    JsonNode payload = json.get("payload");
    boolean payloadOk = switch (type) {
      case SUBSCRIBE, NEXT -> payload != null && payload.isObject();
      case ERROR -> payload != null && payload.isArray();
      default -> payload == null || payload.isNull() || payload.isObject();
    };
    if (!payloadOk) {
      throw new IllegalArgumentException("graphql-transport-ws '" + type.wireName() + "' with a wrong payload: "
          + quote(text));
    }
    return new GraphqlWsMessage(type, id == null ? null : id.asText(),
        payload == null || payload.isNull() ? null : payload);
  }

  private static String quote(String text) {
    return "'" + (text.length() > 200 ? text.substring(0, 200) + "..." : text) + "'";
  }
}
