package io.wsloadtest.protocol.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** One graphql-transport-ws message: its type, the operation id (operation messages only) and its payload (or null). */
public record GraphqlWsMessage(GraphqlWsType type, String id, JsonNode payload) {

  public GraphqlWsMessage {
    Objects.requireNonNull(type, "type");
    if (type.hasId() && (id == null || id.isEmpty())) {
      throw new IllegalArgumentException("graphql-transport-ws '" + type.wireName() + "' needs an id");
    }
  }

  /** connection_init, with the payload the server's onConnect checks (a token, say), or null. */
  public static GraphqlWsMessage connectionInit(JsonNode payload) {
    return new GraphqlWsMessage(GraphqlWsType.CONNECTION_INIT, null, payload);
  }

  public static GraphqlWsMessage ping() {
    return new GraphqlWsMessage(GraphqlWsType.PING, null, null);
  }

  /** The pong a receiver of a ping owes, as soon as possible. */
  public static GraphqlWsMessage pong() {
    return new GraphqlWsMessage(GraphqlWsType.PONG, null, null);
  }

  /** subscribe with the query and its variables (or null). */
  public static GraphqlWsMessage subscribe(String id, String query, JsonNode variables) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode().put("query", query);
    if (variables != null) {
      payload.set("variables", variables);
    }
    return new GraphqlWsMessage(GraphqlWsType.SUBSCRIBE, id, payload);
  }

  /** complete from the client: stop that subscription. */
  public static GraphqlWsMessage complete(String id) {
    return new GraphqlWsMessage(GraphqlWsType.COMPLETE, id, null);
  }

  /** A next message's {@code payload.data}, or null. */
  public JsonNode data() {
    return type == GraphqlWsType.NEXT && payload != null ? payload.get("data") : null;
  }
}
