package io.wsloadtest.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
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
 * A close the frame decoder sends itself (1002, 1009 on a protocol violation) does not pass here; that
 * connection is counted as code 1006 by none.
 */
@Sharable
final class FrameMetricsHandler extends ChannelDuplexHandler {

  /** Set once a close frame went either way, so channelInactive does not count the connection again. */
  private static final AttributeKey<Boolean> CLOSE_SEEN = AttributeKey.valueOf("wsload.closeSeen");
  /** RFC 6455: a connection closed without a close frame is reported as 1006. */
  private static final int ABNORMAL = 1006;

  private final ServerMetrics metrics;

  FrameMetricsHandler(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof WebSocketFrame frame) {
      metrics.frame("in", type(frame));
      if (frame instanceof CloseWebSocketFrame close) {
        closed(ctx, close, "client");
      }
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof WebSocketFrame frame) {
      metrics.frame("out", type(frame));
      if (frame instanceof CloseWebSocketFrame close) {
        closed(ctx, close, "server");
      }
    }
    super.write(ctx, msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    // Only upgraded connections (a frame decoder in the pipeline) count: a plain HTTP 404 is not a drop.
    if (ctx.pipeline().get(WebSocketFrameDecoder.class) != null
        && ctx.channel().attr(CLOSE_SEEN).setIfAbsent(true) == null) {
      metrics.closed(ABNORMAL, "none");
    }
    super.channelInactive(ctx);
  }

  private void closed(ChannelHandlerContext ctx, CloseWebSocketFrame close, String by) {
    // The first close frame decides: the echoed close that answers it is not a second close.
    if (ctx.channel().attr(CLOSE_SEEN).setIfAbsent(true) == null) {
      metrics.closed(close.statusCode(), by);
    }
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
