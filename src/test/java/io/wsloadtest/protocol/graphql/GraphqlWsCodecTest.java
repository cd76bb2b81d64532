package io.wsloadtest.protocol.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

class GraphqlWsCodecTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  @Test
  void theClientsMessages() {
    assertEquals("{\"type\":\"connection_init\",\"payload\":{\"token\":\"secret\"}}",
        GraphqlWsCodec.encode(GraphqlWsMessage.connectionInit(JSON.objectNode().put("token", "secret"))));
    assertEquals("{\"type\":\"connection_init\"}", GraphqlWsCodec.encode(GraphqlWsMessage.connectionInit(null)));
    assertEquals("{\"type\":\"ping\"}", GraphqlWsCodec.encode(GraphqlWsMessage.ping()));
    assertEquals("{\"type\":\"pong\"}", GraphqlWsCodec.encode(GraphqlWsMessage.pong()));
    assertEquals("{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":\"subscription { ticks { seq ts } }\","
            + "\"variables\":{\"limit\":3}}}",
        GraphqlWsCodec.encode(GraphqlWsMessage.subscribe("1", "subscription { ticks { seq ts } }",
            JSON.objectNode().put("limit", 3))));
    assertEquals("{\"type\":\"complete\",\"id\":\"1\"}", GraphqlWsCodec.encode(GraphqlWsMessage.complete("1")));
  }

  @Test
  void theServersMessages() {
    assertEquals(new GraphqlWsMessage(GraphqlWsType.CONNECTION_ACK, null, null),
        GraphqlWsCodec.decode("{\"type\":\"connection_ack\"}"));
    GraphqlWsMessage next = GraphqlWsCodec.decode(
        "{\"id\":\"1\",\"type\":\"next\",\"payload\":{\"data\":{\"ticks\":{\"seq\":4,\"ts\":1700000000000}}}}");
    assertEquals("1", next.id());
    assertEquals(4, next.data().path("ticks").path("seq").asInt());
    GraphqlWsMessage error = GraphqlWsCodec.decode(
        "{\"id\":\"2\",\"type\":\"error\",\"payload\":[{\"message\":\"Cannot query field \\\"nope\\\"\"}]}");
    assertEquals("Cannot query field \"nope\"", error.payload().get(0).get("message").asText());
    assertEquals(GraphqlWsType.COMPLETE, GraphqlWsCodec.decode("{\"id\":\"1\",\"type\":\"complete\"}").type());
    assertEquals(GraphqlWsType.PING, GraphqlWsCodec.decode("{\"type\":\"ping\",\"payload\":null}").type());
    assertNull(GraphqlWsCodec.decode("{\"type\":\"pong\"}").payload());
  }

  @Test
  void encodeThenDecodeGivesTheSameMessage() {
    GraphqlWsMessage m = GraphqlWsMessage.subscribe("a7", "subscription { ticks { seq } }", null);
    assertEquals(m, GraphqlWsCodec.decode(GraphqlWsCodec.encode(m)));
  }

  @Test
  void malformedMessagesAreRefusedQuotingTheText() {
    assertEquals("graphql-transport-ws message is not JSON: '{\"type\":'", refused("{\"type\":"));
    assertEquals("graphql-transport-ws message without a \"type\": '[]'", refused("[]"));
    assertEquals("unknown graphql-transport-ws message type: '{\"type\":\"start\",\"id\":\"1\"}'",
        refused("{\"type\":\"start\",\"id\":\"1\"}"));
    assertEquals("graphql-transport-ws 'next' without an id: '{\"type\":\"next\",\"payload\":{}}'",
        refused("{\"type\":\"next\",\"payload\":{}}"));
    assertEquals("graphql-transport-ws 'error' with a wrong payload: '{\"type\":\"error\",\"id\":\"1\",\"payload\":{}}'",
        refused("{\"type\":\"error\",\"id\":\"1\",\"payload\":{}}"));
    assertThrows(IllegalArgumentException.class, () -> GraphqlWsMessage.complete(""));
  }

  @Test
  void closeCodesAreDescribed() {
    assertEquals("4403 forbidden: connection_init refused (Forbidden)", GraphqlWsCloseCode.describe(4403, "Forbidden"));
    assertEquals("4408 connection initialisation timeout: no connection_init in time (Connection initialisation timeout)",
        GraphqlWsCloseCode.describe(4408, "Connection initialisation timeout"));
    assertEquals("1006", GraphqlWsCloseCode.describe(1006, ""));
  }

  private static String refused(String text) {
    return assertThrows(IllegalArgumentException.class, () -> GraphqlWsCodec.decode(text)).getMessage();
  }
}
