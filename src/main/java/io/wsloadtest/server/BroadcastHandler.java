package io.wsloadtest.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.wsloadtest.config.ServerBroadcast;

/**
 * Broadcast mode in the pipeline: a connection joins the {@link Broadcaster} once upgraded; the subscribe
 * text is taken here, everything else goes on to the echo handler.
 */
@ChannelHandler.Sharable
final class BroadcastHandler extends ChannelInboundHandlerAdapter {

  private final Broadcaster broadcaster;

  BroadcastHandler(Broadcaster broadcaster) {
    this.broadcaster = broadcaster;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
      broadcaster.join(ctx.channel());
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof TextWebSocketFrame text && broadcaster.settings().subscribe().equals(text.text())) {
      ReferenceCountUtil.release(msg); // accepted: pushes are already flowing, nothing to answer
      return;
    }
    ctx.fireChannelRead(msg);
  }
}
