package io.wsloadtest.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;

/**
 * GraphQL subscriptions over graphql-transport-ws (the graphql-ws library's protocol), wsload.graphql.
 *
 * @param initPayload the connection_init payload, a JSON object ("" = none); #{column} takes a user's CSV value
 * @param query the subscription subscribe() starts
 * @param variables its variables, a JSON object
 * @param acceptTimeout how long the server has to answer connection_init with connection_ack
 */
public record GraphqlSettings(String initPayload, String query, String variables, Duration acceptTimeout)
    implements ProtocolSettings {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return "graphql-ws";
  }

  @Override
  public String subprotocol() {
    return "graphql-transport-ws";
  }

  static GraphqlSettings read(KeyReader r) {
    String init = jsonObject(r, "graphql.init-payload", true);
    String variables = jsonObject(r, "graphql.variables", false);
    return new GraphqlSettings(init, r.string("graphql.query", ""), variables, r.positiveDuration("graphql.accept-timeout"));
  }

  /** A JSON object as text (templates #{column} may sit inside its strings), or "" where allowed. */
  static String jsonObject(KeyReader r, String key, boolean emptyAllowed) {
    String text = r.string(key, "").strip();
    if (text.isEmpty() && emptyAllowed) {
      return "";
    }
    try {
      JsonNode node = JSON.readTree(text.isEmpty() ? "x" : text);
      if (node == null || !node.isObject()) {
        r.problem(key, text, "must be a JSON object, e.g. {\"token\":\"#{token}\"}");
        return emptyAllowed ? "" : "{}";
      }
      return text;
    } catch (JsonProcessingException e) {
      r.problem(key, text, "is not valid JSON: " + e.getOriginalMessage());
      return emptyAllowed ? "" : "{}";
    }
  }
}
