package io.wsloadtest.protocol.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.Timeout;
import io.wsloadtest.config.SocketIoSettings;
import io.wsloadtest.protocol.Outcome;
import io.wsloadtest.protocol.PendingReplies;
import io.wsloadtest.protocol.ProtocolSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * One connection speaking Socket.IO 4 over Engine.IO 4: joins the configured namespace (40 with this user's auth)
 * until the server's 40, or its 44 refusal; answers the server's pings (2) with pongs (3) at once and drops the
 * connection when the server has not pinged for pingInterval + pingTimeout; a heartbeat is the wait for the server's
 * next ping; subscribe() emits the configured event and hands on the pushed events; a request is an event with an
 * ack; goodbye leaves the namespace (41). Engine.IO packets stop here; other frames go on to the kit and Gatling.
 */
public final class SocketIoSession extends ProtocolSession {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JOIN = "namespace join";
  /** The keep-alive's limits until the server's open packet tells its own (Engine.IO's defaults). */
  private static final long DEFAULT_PING_INTERVAL = 25_000;
  private static final long DEFAULT_PING_TIMEOUT = 20_000;

  private final SocketIoSettings settings;
  /** The join (key JOIN) and the acks awaited (by ack id). */
  private PendingReplies<Object> replies;
  /** Heartbeats waiting for the server's next ping: keys oldestBeat .. nextBeat-1. */
  private PendingReplies<Long> beats;
  /** Request acks that must carry the payload back, by ack id. */
  private final Map<Long, String> expectedEchoes = new HashMap<>();
  private final List<Pushes> subscriptions = new ArrayList<>();
  private long pingInterval = DEFAULT_PING_INTERVAL;
  private long pingTimeout = DEFAULT_PING_TIMEOUT;
  private Timeout serverQuiet;
  private long pings;
  /** When the server's last ping (or its open packet) came: the next one is due pingInterval later. */
  private long lastPingAt;
  private long pingDueAt;
  private long nextBeat;
  private long oldestBeat;
  private long nextAckId;
  private boolean joined;

  public SocketIoSession(SocketIoSettings settings, LongSupplier clock) {
    super(clock);
    this.settings = settings;
  }

  @Override
  public String protocol() {
    return "socketio";
  }

  @Override
  public String requestName() {
    return settings.requestName();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    super.handlerAdded(ctx);
    replies = new PendingReplies<>(ctx.channel());
    beats = new PendingReplies<>(ctx.channel());
  }

  @Override
  public void open(UnaryOperator<String> userValues, long timeoutMillis, Outcome accepted) {
    replies.await(JOIN, JOIN, timeoutMillis, new Outcome() {
      @Override
      public void ok(long atMillis) {
        joined = true;
        accepted.ok(atMillis);
      }

      @Override
      public void failed(String message) {
        accepted.failed(message.equals(JOIN + " timeout") ? protocol() + " accept timeout"
            : message.startsWith(protocol() + " refused") ? message : protocol() + " refused: " + message);
      }
    });
    // Engine.IO's handshake is the upgrade itself: the join may go at once, before or after the open packet.
    JsonNode auth = settings.auth().isEmpty() ? null : json(userValues.apply(settings.auth()));
    sendText(EngineIoCodec.encode(SocketIoPacket.connect(settings.namespace(), auth)));
    expectPingWithin(pingInterval + pingTimeout);
  }

  /**
   * The server pings, the client cannot: a heartbeat awaits the server's next ping (within the server's own limit,
   * pingInterval + pingTimeout, when the given timeout is shorter) and times it from when it was due, pingInterval
   * after the last one: a healthy server's ping is on time (0 ms); a server whose event loop lags is late.
   */
  @Override
  public void heartbeat(long timeoutMillis, Outcome outcome) {
    beats.await(nextBeat++, "server ping", Math.max(timeoutMillis, pingInterval + pingTimeout), new Outcome() {
      @Override
      public void ok(long atMillis) {
        outcome.ok(pingDueAt, atMillis);
      }

      @Override
      public void failed(String message) {
        outcome.failed(message);
      }
    });
  }

  @Override
  public void subscribe(UnaryOperator<String> userValues, long timeoutMillis, Pushes pushes, Outcome outcome) {
    subscriptions.add(pushes);
    if (settings.subscribeEvent().isEmpty()) {
      outcome.ok(now());
      return;
    }
    Long ackId = null;
    if (settings.subscribeAck()) {
      ackId = nextAckId++;
      replies.await(ackId, "subscribe ack", timeoutMillis, outcome);
    }
    JsonNode[] args = settings.subscribeData().isEmpty() ? new JsonNode[0]
        : new JsonNode[] {json(userValues.apply(settings.subscribeData()))};
    sendText(EngineIoCodec.encode(SocketIoPacket.event(settings.namespace(), ackId, settings.subscribeEvent(), args)));
    if (ackId == null) {
      outcome.ok(now());
    }
  }

  @Override
  public boolean request(String payload, long timeoutMillis, Outcome outcome) {
    long ackId = nextAckId++;
    if (settings.ackEchoesPayload()) {
      expectedEchoes.put(ackId, payload);
    }
    replies.await(ackId, "ack", timeoutMillis, new Outcome() {
      @Override
      public void ok(long atMillis) {
        outcome.ok(atMillis);
      }

      @Override
      public void failed(String message) {
        expectedEchoes.remove(ackId);
        outcome.failed(message);
      }
    });
    sendText(EngineIoCodec.encode(SocketIoPacket.event(settings.namespace(), ackId, settings.requestEvent(),
        JSON.getNodeFactory().textNode(payload))));
    return true;
  }

  @Override
  public void goodbye() {
    sendText(EngineIoCodec.encode(SocketIoPacket.disconnect(settings.namespace())));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof TextWebSocketFrame frame) {
      EnginePacket packet;
      try {
        packet = EngineIoCodec.decode(frame.text());
      } catch (IllegalArgumentException notOurs) {
        ctx.fireChannelRead(msg); // not Engine.IO: the kit's and Gatling's
        return;
      }
      ReferenceCountUtil.release(msg);
      receive(packet);
      return;
    }
    if (msg instanceof CloseWebSocketFrame close && !joined) {
      replies.fail(JOIN, protocol() + " refused: close " + (close.statusCode() < 0 ? 1005 : close.statusCode())
          + (close.reasonText().isEmpty() ? "" : " " + close.reasonText()));
    }
    ctx.fireChannelRead(msg);
  }

  private void receive(EnginePacket packet) {
    long now = now();
    if (packet instanceof EnginePacket.Open open) {
      pingInterval = open.pingIntervalMs();
      pingTimeout = open.pingTimeoutMs();
      lastPingAt = now;
      expectPingWithin(pingInterval + pingTimeout);
    } else if (packet instanceof EnginePacket.Ping ping) {
      if (keepAlive()) {
        sendText(EngineIoCodec.encode(EnginePacket.pongFor(ping)));
      }
      pings++;
      pingDueAt = lastPingAt + pingInterval;
      lastPingAt = now;
      expectPingWithin(pingInterval + pingTimeout);
      while (oldestBeat < nextBeat) {
        beats.answer(oldestBeat++, now);
      }
    } else if (packet instanceof EnginePacket.Message message
        && message.packet().namespace().equals(settings.namespace())) {
      receive(message.packet(), now);
    }
    // Other namespaces' packets, close, noop and upgrade (polling's) carry nothing for this connection's user.
  }

  private void receive(SocketIoPacket p, long now) {
    switch (p.type()) {
      case CONNECT -> replies.answer(JOIN, now);
      case CONNECT_ERROR -> {
        String refusal = protocol() + " refused: " + (p.data() == null ? "44" : p.data().toString());
        if (!replies.fail(JOIN, refusal)) {
          drop(protocol() + " server disconnect", refusal);
        }
      }
      case DISCONNECT -> {
        if (!replies.fail(JOIN, protocol() + " refused: the server left the namespace (41)")) {
          drop(protocol() + " server disconnect", "the server left namespace " + settings.namespace() + " (41)");
        }
      }
      case EVENT -> event(p, now);
      case ACK -> ack(p, now);
      default -> { } // binary packets are refused by the codec
    }
  }

  private void event(SocketIoPacket p, long now) {
    if (p.ackId() != null) { // the server asks for an ack: an empty one, as a listener without an answer gives
      sendText(EngineIoCodec.encode(SocketIoPacket.ack(settings.namespace(), p.ackId())));
    }
    if (!settings.pushEvent().isEmpty() && !settings.pushEvent().equals(p.eventName())) {
      return;
    }
    JsonNode data = p.data();
    String payload = data.size() == 2 ? data.get(1).toString() : data.toString();
    for (Pushes s : subscriptions) {
      s.push(payload, now);
    }
  }

  private void ack(SocketIoPacket p, long now) {
    String expected = expectedEchoes.remove(p.ackId());
    JsonNode first = p.data() != null && p.data().isArray() && !p.data().isEmpty() ? p.data().get(0) : null;
    if (expected != null && (first == null || !first.isTextual() || !first.asText().equals(expected))) {
      replies.fail(p.ackId(), "ack differs from the payload sent: " + (p.data() == null ? "none" : p.data()));
      return;
    }
    replies.answer(p.ackId(), now);
  }

  /** Restarts the wait for the server's next ping; its end without one drops the connection. */
  private void expectPingWithin(long millis) {
    if (serverQuiet != null) {
      serverQuiet.cancel();
    }
    long pingsBefore = pings;
    serverQuiet = after(millis, () -> {
      if (ctx().channel().isActive() && pings == pingsBefore) {
        drop("keep-alive timeout", "no ping from the server within pingInterval + pingTimeout (" + millis + " ms)");
      }
    });
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (serverQuiet != null) {
      serverQuiet.cancel();
    }
    replies.failAll("no close frame");
    beats.failAll("no close frame");
    ctx.fireChannelInactive();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      // Checked as configuration; a user's CSV value can still break it (a quote in a token).
      throw new IllegalArgumentException("not JSON once this user's values are in: " + e.getOriginalMessage(), e);
    }
  }
}
