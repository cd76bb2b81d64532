package io.wsloadtest.protocols;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.List;

/** Text frames as strings both ways, for the protocols whose codecs work on text (Socket.IO, graphql-transport-ws). */
final class TextFrames extends MessageToMessageCodec<TextWebSocketFrame, String> {

  @Override
  protected void encode(ChannelHandlerContext ctx, String text, List<Object> out) {
    out.add(new TextWebSocketFrame(text));
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, TextWebSocketFrame frame, List<Object> out) {
    out.add(frame.text());
  }
}
