package io.wsloadtest.protocol.stomp;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.stomp.StompFrame;
import io.netty.handler.codec.stomp.StompSubframeEncoder;

/** Netty's STOMP encoder, each whole frame in one WebSocket text frame as STOMP over WebSocket requires. */
public final class StompWebSocketFrameEncoder extends StompSubframeEncoder {

  @Override
  protected Object convertFullFrame(StompFrame original, ByteBuf encoded) {
    return new TextWebSocketFrame(encoded);
  }
}
