package io.wsloadtest.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/** Echoes text and binary frames unchanged; answers the application heartbeat text with its reply. */
final class EchoFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

  private final String heartbeatRequest;
  private final String heartbeatReply;

  EchoFrameHandler(String heartbeatRequest, String heartbeatReply) {
    this.heartbeatRequest = heartbeatRequest;
    this.heartbeatReply = heartbeatReply;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (frame instanceof TextWebSocketFrame text && heartbeatRequest.equals(text.text())) {
      ctx.writeAndFlush(new TextWebSocketFrame(heartbeatReply));
    } else if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
      ctx.writeAndFlush(frame.retain());
    }
    // Ping, pong and close control frames are handled by WebSocketServerProtocolHandler.
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A broken client must not take the server down or flood its log: drop that connection only.
    ctx.close();
  }
}
