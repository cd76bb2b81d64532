package io.wsloadtest.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wsloadtest.config.ServerSettings;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Warms a server JVM up before it listens. A cold server handles its first clients slowly (classes to load,
 * code to compile) while a ramp is already running: in a sharded 1,000/s ramp its first second had connect
 * p50 of ~100 ms against 1 ms later. So a throw-away echo server with the same path and frame settings, on an
 * ephemeral loopback port and with its own counters (the real server counts real clients only), takes
 * {@code connections} WebSocket clients that each send a text, a binary message and a ping, then close.
 */
final class ServerWarmUp {

  private static final int BATCH = 100;

  private ServerWarmUp() {}

  /** Returns the connections that completed their exchange. */
  static int run(ServerSettings settings, int connections) throws InterruptedException {
    ServerSettings local = new ServerSettings("127.0.0.1", List.of(0), settings.path(), settings.maxFrameBytes(),
        settings.backlog(), 1, settings.heartbeatRequest(), settings.heartbeatReply());
    int completed = 0;
    try (EchoServer server = new EchoServer(local, new PrometheusRegistry())) {
      server.start();
      URI uri = URI.create(server.urls().get(0));
      EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
      try {
        for (int started = 0; started < connections; started += BATCH) {
          int n = Math.min(BATCH, connections - started);
          CountDownLatch done = new CountDownLatch(n);
          AtomicInteger ok = new AtomicInteger();
          for (int i = 0; i < n; i++) {
            connect(group, uri, done, ok);
          }
          if (!done.await(10, TimeUnit.SECONDS)) {
            break; // a warm-up that stalls is not worth waiting for
          }
          completed += ok.get();
        }
      } finally {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
      }
    }
    return completed;
  }

  private static void connect(EventLoopGroup group, URI uri, CountDownLatch done, AtomicInteger ok) {
    WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(uri, WebSocketVersion.V13,
        null, false, new DefaultHttpHeaders());
    new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192), new Client(handshaker, done, ok));
      }
    }).connect(uri.getHost(), uri.getPort()).addListener(f -> {
      if (!f.isSuccess()) {
        done.countDown();
      }
    });
  }

  /** Handshake, then text, binary and ping; after the three replies a close; counted down once, when closed. */
  private static final class Client extends SimpleChannelInboundHandler<Object> {
    private final WebSocketClientHandshaker handshaker;
    private final CountDownLatch done;
    private final AtomicInteger ok;
    private int replies;

    Client(WebSocketClientHandshaker handshaker, CountDownLatch done, AtomicInteger ok) {
      this.handshaker = handshaker;
      this.done = done;
      this.ok = ok;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      handshaker.handshake(ctx.channel());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
      if (!handshaker.isHandshakeComplete() && msg instanceof FullHttpResponse response) {
        handshaker.finishHandshake(ctx.channel(), response);
        ctx.write(new TextWebSocketFrame("warm-up"));
        ctx.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4})));
        ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {5, 6, 7, 8})));
      } else if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame
          || msg instanceof PongWebSocketFrame) {
        if (++replies == 3) {
          ok.incrementAndGet();
          ctx.writeAndFlush(new CloseWebSocketFrame(1000, "warm-up done"));
        }
      } else if (msg instanceof CloseWebSocketFrame) {
        ctx.close();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      done.countDown();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
