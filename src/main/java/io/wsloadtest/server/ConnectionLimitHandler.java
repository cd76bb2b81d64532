package io.wsloadtest.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves at most {@code max} connections at once. A connection beyond that is answered 503 at its upgrade
 * request and closed, so a client sees a clean refusal instead of a server that runs out of file descriptors.
 */
final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {

  private final AtomicLong admitted;
  private final long max;
  private boolean counted;

  ConnectionLimitHandler(AtomicLong admitted, long max) {
    this.admitted = admitted;
    this.max = max;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (admitted.incrementAndGet() <= max) {
      counted = true;
    } else {
      admitted.decrementAndGet();
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (counted) {
      admitted.decrementAndGet();
      counted = false;
    }
    super.channelInactive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (counted) {
      ctx.fireChannelRead(msg);
      return;
    }
    ReferenceCountUtil.release(msg);
    if (msg instanceof FullHttpRequest) {
      DefaultFullHttpResponse busy = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SERVICE_UNAVAILABLE);
      busy.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
      busy.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(busy).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
