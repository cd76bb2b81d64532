package io.wsloadtest.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/** Pipeline: HTTP upgrade on the configured path, then WebSocket frames to {@link EchoFrameHandler}. */
final class EchoServerInitializer extends ChannelInitializer<SocketChannel> {

  private final ServerSettings settings;
  private final ConnectionCounter connections;
  private final FrameMetricsHandler frameMetrics;

  EchoServerInitializer(ServerSettings settings, ConnectionCounter connections, FrameMetricsHandler frameMetrics) {
    this.settings = settings;
    this.connections = connections;
    this.frameMetrics = frameMetrics;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
        .websocketPath(settings.path())
        .checkStartsWith(false)
        .handshakeTimeoutMillis(10_000)
        // Netty answers ping control frames with pong and closes with 1009 above the frame limit.
        .decoderConfig(WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(settings.maxFrameBytes())
            .closeOnProtocolViolation(true)
            .build())
        .build();
    ChannelPipeline p = ch.pipeline();
    p.addLast(connections);
    p.addLast(new HttpServerCodec());
    p.addLast(new HttpObjectAggregator(8192));
    p.addLast(frameMetrics);
    p.addLast(new WebSocketServerProtocolHandler(ws));
    p.addLast(NotFoundHandler.INSTANCE);
    p.addLast(new EchoFrameHandler(settings.heartbeatRequest(), settings.heartbeatReply()));
  }
}
