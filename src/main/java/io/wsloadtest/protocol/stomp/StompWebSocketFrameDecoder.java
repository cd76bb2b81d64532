package io.wsloadtest.protocol.stomp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * Data frames to the bytes Netty's STOMP decoder reads, except a frame of end-of-lines only, which is a heart-beat
 * and becomes {@link StompHeartBeat} (Netty's decoder would skip it silently, and a client must see it to know the
 * server is alive). Control frames pass on.
 */
public final class StompWebSocketFrameDecoder extends MessageToMessageDecoder<WebSocketFrame> {

  @Override
  public boolean acceptInboundMessage(Object msg) {
    return msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame
        || msg instanceof ContinuationWebSocketFrame;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
    ByteBuf content = frame.content();
    if (isOnlyEndOfLines(content)) {
      out.add(StompHeartBeat.INSTANCE);
    } else {
      out.add(content.retain());
    }
  }

  static boolean isOnlyEndOfLines(ByteBuf content) {
    if (!content.isReadable()) {
      return false;
    }
    for (int i = content.readerIndex(); i < content.writerIndex(); i++) {
      byte b = content.getByte(i);
      if (b != '\n' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
