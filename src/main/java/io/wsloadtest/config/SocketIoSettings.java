package io.wsloadtest.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;

/**
 * Socket.IO 4 (Engine.IO 4 over WebSocket), wsload.socketio. The server pings, the client answers: nothing to set
 * for the keep-alive, whose timings come from the server's open packet.
 *
 * @param namespace the namespace joined after the upgrade ("/", "/chat")
 * @param auth the auth object of the join ({@code 40{...}}), a JSON object ("" = none); #{column} takes a user's value
 * @param subscribeEvent the event subscribe() emits ("" = none: subscribe() only starts measuring the pushes)
 * @param subscribeData its argument, JSON ("" = none)
 * @param subscribeAck true: subscribe() asks for an ack and waits for it
 * @param pushEvent the events measured as pushes ("" = every event of the namespace)
 * @param requestEvent the event echoes() emits with an ack, carrying the payload
 * @param ackEchoesPayload true: that ack must carry the payload back (as an echo handler's ack does)
 * @param acceptTimeout how long the server has to answer the join with 40 or 44
 */
public record SocketIoSettings(String namespace, String auth, String subscribeEvent, String subscribeData,
    boolean subscribeAck, String pushEvent, String requestEvent, boolean ackEchoesPayload, Duration acceptTimeout)
    implements ProtocolSettings {

  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @Override
  public String name() {
    return "socketio";
  }

  /** The server's own keep-alive is awaited, not asked for. */
  @Override
  public boolean heartbeatAsks() {
    return false;
  }

  @Override
  public String requestName() {
    return "emit with ack";
  }

  static SocketIoSettings read(KeyReader r) {
    String namespace = r.string("socketio.namespace", "/");
    if (!namespace.startsWith("/")) {
      r.problem("socketio.namespace", namespace, "must start with '/', e.g. / or /chat");
      namespace = "/";
    }
    String auth = GraphqlSettings.jsonObject(r, "socketio.auth", true);
    String subscribeData = jsonValue(r, "socketio.subscribe-data");
    return new SocketIoSettings(namespace, auth, r.string("socketio.subscribe-event", ""), subscribeData,
        r.bool("socketio.subscribe-ack"), r.string("socketio.push-event", ""),
        r.nonEmptyString("socketio.request-event"),
        r.bool("socketio.ack-echoes-payload"), r.positiveDuration("socketio.accept-timeout"));
  }

  /** Any JSON value as text (templates #{column} may sit inside its strings), or "" for none. */
  private static String jsonValue(KeyReader r, String key) {
    String text = r.string(key, "").strip();
    if (text.isEmpty()) {
      return "";
    }
    try {
      JSON.readTree(text);
      return text;
    } catch (JsonProcessingException e) {
      r.problem(key, text, "is not valid JSON: " + e.getOriginalMessage() + "; a string is written with its quotes,"
          + " e.g. \"ticks\"");
      return "";
    }
  }
}
