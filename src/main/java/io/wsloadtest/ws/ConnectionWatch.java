package io.wsloadtest.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.wsloadtest.gatling.GatlingInternals;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Watches one WebSocket connection from inside Gatling's channel pipeline, just before Gatling's own handler:
 * sends pings and matches their pongs (for {@link PingStep}), counts the data messages received, and remembers how and
 * when the connection ended (a close frame with its code, or dropped without one), which Gatling forgets for
 * idle connections. Every frame is passed on, so Gatling behaves as without it. All callbacks run on the
 * channel's event loop, which is also the user's, so no locking. Times come from the clock Gatling stamps its
 * records with, so a round trip is never the difference of two clocks.
 */
final class ConnectionWatch extends ChannelInboundHandlerAdapter {

  static final String NAME = "wsload-connection-watch";

  /**
   * Pong deadlines of all connections on one timing wheel: O(1) to add and cancel, where a task per ping on the
   * event loop's scheduled-task heap cost O(log n) twice per ping with up to one pending ping per connection.
   * A deadline fires up to one 100 ms tick late; its outcome is then delivered on the connection's event loop.
   */
  private static final HashedWheelTimer DEADLINES =
      new HashedWheelTimer(new DefaultThreadFactory("wsload-pong-deadlines", true), 100, TimeUnit.MILLISECONDS, 512);

  /** How one ping ended: delivered exactly once, on the connection's event loop. */
  interface PingOutcome {
    /** The pong came, at this time of the watch's clock. */
    void pong(long atMillis);

    /** No pong: "pong timeout", or the connection dropped before or while waiting (the message says which). */
    void failed(String why);
  }

  /** A ping waiting for its pong, with its deadline. */
  private record PendingPing(PingOutcome outcome, Timeout[] deadline) {
    void cancelDeadline() {
      if (deadline[0] != null) {
        deadline[0].cancel();
      }
    }
  }

  private final Channel channel;
  private final LongSupplier clock;
  /** False: the server's pings stop here, so Gatling never answers them (wsload.keep-alive = false). */
  private boolean answerPings = true;
  private final Map<Long, PendingPing> pending = new LinkedHashMap<>();
  private long nextPingId = 1;
  private int closeCode = -1;
  /** The drop cause given when the connection was ended for a reason of the client's own, or null. */
  private String givenCause;
  private String givenDetail;
  private String closeReason = "";
  private long endedAtMillis;
  private long dataMessages;
  /** Data messages counted when the user's current awaited exchange began ({@link OtherMessages}), or -1. */
  private long exchangeMark = -1;
  private boolean failedBeforeExchange;
  /** Told once when the connection ends (close frame, protocol drop or channel gone), or null. */
  private Runnable endedListener;

  ConnectionWatch(Channel channel, LongSupplier clock) {
    this.channel = channel;
    this.clock = clock;
  }

  /** The watch of this channel, installed before Gatling's handler on first use. */
  static ConnectionWatch on(Channel channel, LongSupplier clock) {
    ChannelPipeline pipeline = channel.pipeline();
    ConnectionWatch watch = pipeline.get(ConnectionWatch.class);
    if (watch == null) {
      watch = new ConnectionWatch(channel, clock);
      addBeforeGatling(pipeline, NAME, watch);
    }
    return watch;
  }

  /** Our handlers see frames just before Gatling's WebSocket handler does (or last, when it is not there). */
  static void addBeforeGatling(ChannelPipeline pipeline, String name, io.netty.channel.ChannelHandler handler) {
    if (pipeline.get(GatlingInternals.GATLING_WS_HANDLER) != null) {
      pipeline.addBefore(GatlingInternals.GATLING_WS_HANDLER, name, handler);
    } else {
      pipeline.addLast(name, handler);
    }
  }

  Channel channel() {
    return channel;
  }

  /** {@code listener} (null: none) is told when the connection ends, on the event loop; one listener at a time. */
  void onEnded(Runnable listener) {
    endedListener = listener;
  }

  private void tellEnded() {
    Runnable listener = endedListener;
    if (listener != null) {
      endedListener = null;
      listener.run();
    }
  }

  /** wsload.keep-alive = false: the server's pings go unanswered. */
  void silenceTowardsServerPings() {
    answerPings = false;
  }

  long now() {
    return clock.getAsLong();
  }

  /** Text and binary messages received on this connection so far. */
  long dataMessages() {
    return dataMessages;
  }

  /**
   * An awaited exchange begins: remembers the messages so far and whether the user had failed before it.
   * Kept here, on the connection, rather than in the session: no session copies on every echo.
   */
  void beginExchange(boolean wasFailed) {
    exchangeMark = dataMessages;
    failedBeforeExchange = wasFailed;
  }

  /** Messages since {@link #beginExchange}, or -1 when none began; ends the exchange. */
  long endExchange() {
    long since = exchangeMark < 0 ? -1 : dataMessages - exchangeMark;
    exchangeMark = -1;
    return since;
  }

  boolean failedBeforeExchange() {
    return failedBeforeExchange;
  }

  /** A close frame counts at once: Gatling runs the user's next step before the channel is closed. */
  boolean ended() {
    return endedAtMillis > 0 || !channel.isActive();
  }

  long endedAtMillis() {
    return endedAtMillis > 0 ? endedAtMillis : now();
  }

  /** Why the connection ended, as a drop cause: "server close 1001" or "abnormal close 1006". */
  String dropCause() {
    return givenCause != null ? givenCause
        : closeCode >= 0 ? DropCause.serverClose(closeCode) : DropCause.ABNORMAL_CLOSE;
  }

  /** How it ended, for a KO message: "close frame 1001 going away" or "no close frame". */
  String endDetail() {
    return givenDetail != null ? givenDetail : closeCode >= 0 ? "close frame " + closeCode + (closeReason.isEmpty() ? "" : " " + closeReason)
        : "no close frame";
  }

  /**
   * Sends a ping frame carrying an 8-byte id and awaits the pong with that id until {@code timeoutMillis}; the
   * outcome comes exactly once. Call on the connection's event loop.
   */
  void ping(long timeoutMillis, PingOutcome outcome) {
    long id = nextPingId++;
    PendingPing p = new PendingPing(outcome, new Timeout[1]);
    pending.put(id, p);
    p.deadline()[0] = DEADLINES.newTimeout(t -> channel.eventLoop().execute(() -> {
      if (pending.remove(id) != null) {
        outcome.failed("pong timeout");
      }
    }), timeoutMillis, TimeUnit.MILLISECONDS);
    channel.writeAndFlush(new PingWebSocketFrame(Unpooled.buffer(Long.BYTES).writeLong(id))).addListener(f -> {
      if (!f.isSuccess() && pending.remove(id) != null) {
        p.cancelDeadline();
        outcome.failed("connection dropped: ping not sent");
      }
    });
  }

  /** Pings still awaiting their pong. */
  int pendingPings() {
    return pending.size();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!answerPings && msg instanceof PingWebSocketFrame ping) {
      ping.release(); // Gatling's handler would answer it
      return;
    }
    try {
      watch(msg);
    } finally {
      ctx.fireChannelRead(msg); // Gatling's handler still sees, and releases, every frame
    }
  }

  private void watch(Object msg) {
    if (msg instanceof PongWebSocketFrame pong) {
      ByteBuf content = pong.content();
      if (content.readableBytes() == Long.BYTES) {
        PendingPing p = pending.remove(content.getLong(content.readerIndex()));
        if (p != null) {
          p.cancelDeadline();
          p.outcome().pong(now());
        }
      }
    } else if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
      dataMessages++;
    } else if (msg instanceof CloseWebSocketFrame close) {
      // An empty close frame has no status: RFC 6455 calls that 1005, not an abnormal 1006.
      closeCode = close.statusCode() < 0 ? 1005 : close.statusCode();
      closeReason = close.reasonText();
      endedAtMillis = now();
      tellEnded();
    }
  }

  /**
   * The client ends the connection for a reason of its own: the drop is {@code cause} ("heartbeat timeout"), and
   * {@code detail} says how it ended. Call before closing the channel.
   */
  void endFor(String cause, String detail) {
    givenCause = cause;
    givenDetail = detail;
    endedAtMillis = now();
    tellEnded();
  }

  /** An application protocol's session ends the connection for a reason of its own ("keep-alive timeout"). */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof io.wsloadtest.protocol.ProtocolSession.Dropped dropped) {
      endFor(dropped.cause(), dropped.detail());
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (endedAtMillis == 0) {
      endedAtMillis = now();
    }
    try {
      for (Iterator<PendingPing> it = pending.values().iterator(); it.hasNext(); ) {
        PendingPing p = it.next();
        it.remove();
        p.cancelDeadline();
        p.outcome().failed("connection dropped while awaiting pong: " + endDetail());
      }
      tellEnded();
    } finally {
      ctx.fireChannelInactive();
    }
  }
}
