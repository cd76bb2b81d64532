package io.wsloadtest.protocol.stomp;

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
    pipeline.addLast("stomp-ws-decoder", new StompWebSocketFrameDecoder());
    // validateHeaders=true: a header line without ':' is an error, not silently a header with an empty value
    pipeline.addLast("stomp-decoder", new StompSubframeDecoder(8192, maxFrameBytes, true));
    pipeline.addLast("stomp-aggregator", new StompSubframeAggregator(maxFrameBytes));
    pipeline.addLast("stomp-ws-encoder", new StompWebSocketFrameEncoder());
    pipeline.addLast("stomp-heart-beat-encoder", new StompHeartBeatEncoder());
  }
}
