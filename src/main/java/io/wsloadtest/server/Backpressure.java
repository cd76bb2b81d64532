package io.wsloadtest.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Stops reading from a connection while its outbound buffer is above Netty's high water mark, and reads again
 * once it has drained below the low one. Every frame read may be answered (an echo, a pong, a heartbeat reply):
 * a client that sends and never reads would otherwise make the server queue answers without bound. Not
 * reading leaves the rest to TCP: the client's sends block, as they should.
 */
@ChannelHandler.Sharable
final class Backpressure extends ChannelInboundHandlerAdapter {

  static final Backpressure INSTANCE = new Backpressure();

  private Backpressure() {}

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    super.channelWritabilityChanged(ctx);
  }
}
