package io.wsloadtest.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.wsloadtest.config.ServerSettings;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Pipeline: TLS when enabled, HTTP upgrade on the configured path, then WebSocket frames to
 * {@link EchoFrameHandler}, through {@link BroadcastHandler} in broadcast mode. Hardened: a handshake deadline, a
 * connection limit, bounded HTTP heads and frames, no reading from a connection that does not read its answers
 * ({@link Backpressure}).
 */
final class EchoServerInitializer extends ChannelInitializer<SocketChannel> {

  /** HTTP request line and headers of an upgrade are small; anything larger is refused with 400. */
  private static final int MAX_INITIAL_LINE = 4096;
  private static final int MAX_HEADER_BYTES = 8192;

  private final ServerSettings settings;
  private final ConnectionCounter connections;
  private final SslContext sslContext;
  private final AtomicLong admitted = new AtomicLong();
  private final long maxConnections;
  private final Consumer<HttpHeaders> handshakeObserver;
  private final FaultInjector faults;
  private final FrameMetricsHandler frameMetrics;
  private final BroadcastHandler broadcast;

  EchoServerInitializer(ServerSettings settings, ConnectionCounter connections, SslContext sslContext,
      long maxConnections, Consumer<HttpHeaders> handshakeObserver, FrameMetricsHandler frameMetrics,
      Broadcaster broadcaster) {
    this.settings = settings;
    this.connections = connections;
    this.sslContext = sslContext;
    this.faults = new FaultInjector(settings.faults());
    this.maxConnections = maxConnections;
    this.handshakeObserver = handshakeObserver;
    this.frameMetrics = frameMetrics;
    this.broadcast = broadcaster == null ? null : new BroadcastHandler(broadcaster);
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
        .websocketPath(settings.path())
        .checkStartsWith(false)
        .handshakeTimeoutMillis(settings.handshakeTimeout().toMillis())
        // Netty answers ping control frames with pong and closes with 1009 above the frame limit.
        .decoderConfig(WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(settings.maxFrameBytes())
            .closeOnProtocolViolation(true)
            .build())
        .build();
    ChannelPipeline p = ch.pipeline();
    p.addLast(connections);
    p.addLast(Backpressure.INSTANCE); // a client that never reads must not grow this server's memory
    if (sslContext != null) {
      p.addLast(sslContext.newHandler(ch.alloc()));
    }
    p.addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, 8192));
    p.addLast(new HttpObjectAggregator(8192));
    p.addLast(new ConnectionLimitHandler(admitted, maxConnections));
    if (frameMetrics != null) {
      p.addLast(frameMetrics);
    }
    p.addLast("ws-protocol", new WebSocketServerProtocolHandler(ws));
    // After the protocol handler: its HandshakeComplete event travels towards the tail only, so a deadline
    // placed before it would never hear of the handshake and would close every connection.
    p.addLast(new HandshakeDeadline(settings.handshakeTimeout()));
    p.addLast(NotFoundHandler.INSTANCE);
    if (handshakeObserver != null) {
      p.addLast(new HandshakeObserver(handshakeObserver));
    }
    if (broadcast != null) {
      p.addLast(broadcast);
    }
    p.addLast(new EchoFrameHandler(settings.heartbeatRequest(), settings.heartbeatReply()));
    faults.install(p, "ws-protocol");
  }

  /** Hands the headers of each completed upgrade request to an observer (tests check what clients sent). */
  private static final class HandshakeObserver extends ChannelInboundHandlerAdapter {
    private final Consumer<HttpHeaders> observer;

    HandshakeObserver(Consumer<HttpHeaders> observer) {
      this.observer = observer;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete done) {
        observer.accept(done.requestHeaders());
      }
      super.userEventTriggered(ctx, evt);
    }
  }
}
