package io.wsloadtest.ws;

import io.netty.buffer.ByteBuf;
import io.wsloadtest.gatling.GatlingInternals;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Watches one WebSocket connection from inside Gatling's channel pipeline, just before Gatling's own
 * handler: matches pongs to the pings {@link WsPing} sent, and remembers how and when the connection
 * ended (close frame with its code, or lost without one), which Gatling forgets for idle sockets. Every
 * frame is passed on, so Gatling behaves as without it. All callbacks run on the channel's event loop,
 * which is also the user's, so no locking.
 */
final class LinkTracker extends ChannelInboundHandlerAdapter {

  private static final String NAME = "wsload-link-tracker";

  /** A ping waiting for its pong. */
  interface PendingPing {
    void pong(long atMillis);

    void lost(String why);
  }

  private final Channel channel;
  private final Map<Long, PendingPing> pending = new LinkedHashMap<>();
  private long nextPingId = 1;
  private int closeCode = -1;
  private String closeReason = "";
  private long closedAtMillis;
  private long dataMessages;
  /** Data messages counted when the user's current awaited exchange began ({@link OtherMessages}), or -1. */
  private long exchangeMark = -1;
  private boolean failedBeforeExchange;

  private LinkTracker(Channel channel) {
    this.channel = channel;
  }

  /** The tracker of this channel, installed on first use. */
  static LinkTracker on(Channel channel) {
    ChannelPipeline pipeline = channel.pipeline();
    LinkTracker tracker = pipeline.get(LinkTracker.class);
    if (tracker == null) {
      tracker = new LinkTracker(channel);
      if (pipeline.get(GatlingInternals.GATLING_WS_HANDLER) != null) {
        pipeline.addBefore(GatlingInternals.GATLING_WS_HANDLER, NAME, tracker);
      } else {
        pipeline.addLast(NAME, tracker);
      }
    }
    return tracker;
  }

  Channel channel() {
    return channel;
  }

  /** Text and binary messages received on this link so far. */
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
  boolean closed() {
    return closedAtMillis > 0 || !channel.isActive();
  }

  long closedAtMillis() {
    return closedAtMillis > 0 ? closedAtMillis : System.currentTimeMillis();
  }

  /** Why the connection ended, as a drop cause: "server close 1001" or "abnormal close 1006". */
  String closeCause() {
    return closeCode >= 0 ? DropCause.serverClose(closeCode) : DropCause.ABNORMAL_CLOSE;
  }

  String closeDetail() {
    return closeCode >= 0 ? "close frame " + closeCode + (closeReason.isEmpty() ? "" : " " + closeReason)
        : "connection lost without close frame";
  }

  long register(PendingPing ping) {
    long id = nextPingId++;
    pending.put(id, ping);
    return id;
  }

  /** Forgets a ping (timed out or failed to send); false when it was already answered or lost. */
  boolean forget(long id) {
    return pending.remove(id) != null;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof PongWebSocketFrame pong) {
      ByteBuf content = pong.content();
      if (content.readableBytes() == Long.BYTES) {
        PendingPing p = pending.remove(content.getLong(content.readerIndex()));
        if (p != null) {
          p.pong(System.currentTimeMillis());
        }
      }
    } else if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
      dataMessages++;
    } else if (msg instanceof CloseWebSocketFrame close) {
      // An empty close frame has no status: RFC 6455 calls that 1005, not an abnormal 1006.
      closeCode = close.statusCode() < 0 ? 1005 : close.statusCode();
      closeReason = close.reasonText();
      closedAtMillis = System.currentTimeMillis();
    }
    ctx.fireChannelRead(msg); // Gatling's handler still sees, and releases, every frame
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (closedAtMillis == 0) {
      closedAtMillis = System.currentTimeMillis();
    }
    for (Iterator<PendingPing> it = pending.values().iterator(); it.hasNext(); ) {
      PendingPing p = it.next();
      it.remove();
      p.lost(closeDetail());
    }
    ctx.fireChannelInactive();
  }
}
