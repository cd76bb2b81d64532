package io.wsloadtest.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has not completed its WebSocket handshake (TLS included) within the timeout.
 * A deadline, not an idle timer: a client that trickles one byte a second must not hold a socket forever.
 */
final class HandshakeDeadline extends ChannelInboundHandlerAdapter {

  private final long timeoutMillis;
  private ScheduledFuture<?> timer;

  HandshakeDeadline(Duration timeout) {
    this.timeoutMillis = timeout.toMillis();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    timer = ctx.executor().schedule(() -> {
      ctx.channel().close();
    }, timeoutMillis, TimeUnit.MILLISECONDS);
    super.channelActive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
      cancel();
      ctx.pipeline().remove(this);
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancel();
    super.channelInactive(ctx);
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
