package io.wsloadtest.protocol.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.wsloadtest.config.GraphqlSettings;
import io.wsloadtest.protocol.Outcome;
import io.wsloadtest.protocol.PendingReplies;
import io.wsloadtest.protocol.ProtocolSession;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * One connection speaking graphql-transport-ws: connection_init (with this user's payload) until connection_ack;
 * the server's pings answered with pongs; a heartbeat is a ping of ours timed to its pong; subscribe() starts the
 * configured subscription and hands on each {@code next}'s data; goodbye completes the subscriptions. The
 * protocol's messages stop here; other frames go on to the kit and Gatling.
 */
public final class GraphqlSession extends ProtocolSession {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACK = "connection_ack";

  private final GraphqlSettings settings;
  private PendingReplies<Object> replies;
  private final Map<String, Pushes> subscriptions = new HashMap<>();
  private long nextPing;
  private long oldestPing;
  private int nextId = 1;
  private boolean accepted;

  public GraphqlSession(GraphqlSettings settings, LongSupplier clock) {
    super(clock);
    this.settings = settings;
  }

  @Override
  public String protocol() {
    return "graphql-ws";
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    super.handlerAdded(ctx);
    replies = new PendingReplies<>(ctx.channel());
  }

  @Override
  public void open(UnaryOperator<String> userValues, long timeoutMillis, Outcome acceptedOutcome) {
    replies.await(ACK, "connection_ack", timeoutMillis, new Outcome() {
      @Override
      public void ok(long atMillis) {
        accepted = true;
        acceptedOutcome.ok(atMillis);
      }

      @Override
      public void failed(String message) {
        acceptedOutcome.failed(message.equals("connection_ack timeout") ? protocol() + " accept timeout" : message);
      }
    });
    String payload = settings.initPayload().isEmpty() ? null : userValues.apply(settings.initPayload());
    sendText(GraphqlWsCodec.encode(GraphqlWsMessage.connectionInit(payload == null ? null : json(payload))));
  }

  @Override
  public void heartbeat(long timeoutMillis, Outcome outcome) {
    replies.await(nextPing++, "pong", timeoutMillis, outcome);
    sendText(GraphqlWsCodec.encode(GraphqlWsMessage.ping()));
  }

  @Override
  public void subscribe(UnaryOperator<String> userValues, long timeoutMillis, Pushes pushes, Outcome outcome) {
    String id = Integer.toString(nextId++);
    subscriptions.put(id, pushes);
    sendText(GraphqlWsCodec.encode(GraphqlWsMessage.subscribe(id, userValues.apply(settings.query()),
        json(userValues.apply(settings.variables())))));
    // graphql-transport-ws confirms nothing: the server's error for this id, if any, comes later.
    outcome.ok(now());
  }

  @Override
  public void goodbye() {
    // Ticks already on their way still arrive and are measured until the connection ends: they were delivered.
    for (String id : subscriptions.keySet()) {
      sendText(GraphqlWsCodec.encode(GraphqlWsMessage.complete(id)));
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof TextWebSocketFrame frame) {
      GraphqlWsMessage m;
      try {
        m = GraphqlWsCodec.decode(frame.text());
      } catch (IllegalArgumentException notOurs) {
        ctx.fireChannelRead(msg); // not graphql-transport-ws: the kit's and Gatling's
        return;
      }
      ReferenceCountUtil.release(msg);
      receive(m);
      return;
    }
    if (msg instanceof CloseWebSocketFrame close && !accepted) {
      replies.fail(ACK, protocol() + " refused: close " + GraphqlWsCloseCode.describe(close.statusCode(),
          close.reasonText()));
    }
    ctx.fireChannelRead(msg);
  }

  private void receive(GraphqlWsMessage m) {
    long now = now();
    switch (m.type()) {
      case CONNECTION_ACK -> replies.answer(ACK, now);
      case PING -> {
        if (keepAlive()) {
          sendText(GraphqlWsCodec.encode(GraphqlWsMessage.pong()));
        }
      }
      case PONG -> {
        if (oldestPing < nextPing) {
          replies.answer(oldestPing++, now);
        }
      }
      case NEXT -> {
        Pushes p = subscriptions.get(m.id());
        if (p != null) {
          JsonNode data = m.data();
          p.push(data == null ? m.payload().toString() : data.toString(), now);
        }
      }
      case ERROR -> {
        Pushes p = subscriptions.remove(m.id());
        if (p != null) {
          p.error(protocol() + " subscription error: " + m.payload(), now);
        }
      }
      case COMPLETE -> subscriptions.remove(m.id());
      default -> { } // connection_init and subscribe are the client's: a server does not send them
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    replies.failAll("no close frame");
    ctx.fireChannelInactive();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // Checked as configuration; a user's CSV value can still break it (a quote in a token).
      throw new IllegalArgumentException("not JSON once this user's values are in: " + e.getOriginalMessage(), e);
    }
  }
}
