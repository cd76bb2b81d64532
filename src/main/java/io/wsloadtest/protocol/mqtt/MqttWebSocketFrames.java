package io.wsloadtest.protocol.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * MQTT over WebSocket is a byte stream in binary frames: a packet may span frames and a frame may hold several
 * packets, so every binary or continuation frame's bytes go on to Netty's MQTT decoder, which reassembles them.
 * Outbound, each encoded packet goes out in one binary frame. A text frame is a protocol error (MQTT 3.1.1 6.0).
 */
public final class MqttWebSocketFrames extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {

  @Override
  public boolean acceptInboundMessage(Object msg) {
    return msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame
        || msg instanceof TextWebSocketFrame;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
    if (frame instanceof TextWebSocketFrame) {
      throw new CorruptedFrameException("MQTT over WebSocket takes binary frames only; a text frame came");
    }
    out.add(frame.content().retain());
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) {
    out.add(new BinaryWebSocketFrame(bytes.retain()));
  }
}
