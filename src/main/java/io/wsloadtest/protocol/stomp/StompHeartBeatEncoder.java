package io.wsloadtest.protocol.stomp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.List;

/** {@link StompHeartBeat} out as a text frame holding one end-of-line. */
public final class StompHeartBeatEncoder extends MessageToMessageEncoder<StompHeartBeat> {

  @Override
  protected void encode(ChannelHandlerContext ctx, StompHeartBeat beat, List<Object> out) {
    out.add(new TextWebSocketFrame("\n"));
  }
}
