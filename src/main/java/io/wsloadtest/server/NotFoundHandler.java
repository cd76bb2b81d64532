package io.wsloadtest.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Any HTTP request that is not an upgrade on the WebSocket path gets 404 and is closed, never left hanging;
 * bytes that are not HTTP at all (or headers over the size limit) get 400 and are closed.
 */
@Sharable
final class NotFoundHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  static final NotFoundHandler INSTANCE = new NotFoundHandler();

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    HttpResponseStatus status = request.decoderResult().isFailure() ? HttpResponseStatus.BAD_REQUEST : HttpResponseStatus.NOT_FOUND;
    DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
