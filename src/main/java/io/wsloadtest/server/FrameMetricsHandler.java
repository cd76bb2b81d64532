package io.wsloadtest.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.util.AttributeKey;
import io.wsloadtest.metrics.ServerMetrics;

/**
 * Counts frames in both directions and how each connection ended. It sits just before
 * WebSocketServerProtocolHandler, so it sees decoded control frames (ping, close) before Netty answers them.
 */
@Sharable
final class FrameMetricsHandler extends ChannelDuplexHandler {

  /** How a connection ended, decided by the first close frame; counted once, when the channel goes inactive. */
  private record Close(int code, String by) {}

  private static final AttributeKey<Close> CLOSE = AttributeKey.valueOf("wsload.close");
  /** RFC 6455: a connection closed without a close frame is reported as 1006. */
  private static final Close ABNORMAL = new Close(1006, "none");

  private final ServerMetrics metrics;

  FrameMetricsHandler(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof WebSocketFrame frame) {
      metrics.frame("in", type(frame));
      if (frame instanceof CloseWebSocketFrame close) {
        ctx.channel().attr(CLOSE).setIfAbsent(new Close(close.statusCode(), "client"));
      }
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof WebSocketFrame frame) {
      metrics.frame("out", type(frame));
      if (frame instanceof CloseWebSocketFrame close) {
        ctx.channel().attr(CLOSE).setIfAbsent(new Close(close.statusCode(), "server"));
      }
    }
    super.write(ctx, msg, promise);
  }

  /**
   * The decoder sends its own close on a protocol violation (1002, 1009) ahead of this handler, and Netty
   * then adds a 1000 when the channel closes; the decoder's exception carries the code the client got.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    if (cause instanceof CorruptedWebSocketFrameException corrupted) {
      Close previous = ctx.channel().attr(CLOSE).get();
      if (previous == null || previous.by().equals("server")) {
        ctx.channel().attr(CLOSE).set(new Close(corrupted.closeStatus().code(), "server"));
      }
    }
    super.exceptionCaught(ctx, cause);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    Close close = ctx.channel().attr(CLOSE).get();
    // Only upgraded connections (a frame decoder in the pipeline) count: a plain HTTP 404 is not a drop.
    if (close != null || ctx.pipeline().get(WebSocketFrameDecoder.class) != null) {
      Close c = close == null ? ABNORMAL : close;
      metrics.closed(c.code(), c.by());
    }
    super.channelInactive(ctx);
  }

  private static String type(WebSocketFrame frame) {
    if (frame instanceof TextWebSocketFrame) return "text";
    if (frame instanceof BinaryWebSocketFrame) return "binary";
    if (frame instanceof ContinuationWebSocketFrame) return "continuation";
    if (frame instanceof PingWebSocketFrame) return "ping";
    if (frame instanceof PongWebSocketFrame) return "pong";
    return "close";
  }
}
