package io.wsloadtest.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Any HTTP request that is not an upgrade on the WebSocket path gets 404 and is closed, never left hanging. */
@Sharable
final class NotFoundHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  static final NotFoundHandler INSTANCE = new NotFoundHandler();

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    DefaultFullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.NOT_FOUND);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
