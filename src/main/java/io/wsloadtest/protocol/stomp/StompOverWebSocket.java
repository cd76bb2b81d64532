package io.wsloadtest.protocol.stomp;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.stomp.StompSubframeAggregator;
import io.netty.handler.codec.stomp.StompSubframeDecoder;

/**
 * Adds STOMP 1.2 over WebSocket to a pipeline that already speaks WebSocket frames: inbound, whole
 * {@link io.netty.handler.codec.stomp.StompFrame}s and {@link StompHeartBeat}s; outbound, the same two.
 */
public final class StompOverWebSocket {

  /** The subprotocol STOMP 1.2 clients offer (brokers accept v10/v11/v12.stomp). */
  public static final String SUBPROTOCOL = "v12.stomp";

  private StompOverWebSocket() {}

  public static void addTo(ChannelPipeline pipeline, int maxFrameBytes) {
    pipeline.addLast(handlers(maxFrameBytes));
  }

  /** The codec's handlers in pipeline order (new ones each call: the decoders hold a connection's state). */
  public static ChannelHandler[] handlers(int maxFrameBytes) {
    return new ChannelHandler[] {
        new StompWebSocketFrameDecoder(),
        // validateHeaders=true: a header line without ':' is an error, not silently a header with an empty value
        new StompSubframeDecoder(8192, maxFrameBytes, true),
        new StompSubframeAggregator(maxFrameBytes),
        new StompWebSocketFrameEncoder(),
        new StompHeartBeatEncoder()};
  }
}
