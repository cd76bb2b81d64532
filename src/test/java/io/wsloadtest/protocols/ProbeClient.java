package io.wsloadtest.protocols;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A minimal WebSocket client on Netty for probing the reference servers: the upgrade (with a subprotocol), then a
 * protocol's codec from io.wsloadtest.protocol, then everything decoded kept in arrival order. A responder can answer
 * a message on the event loop (a keep-alive); WebSocket pings are answered by Netty unless {@code answerPings} is
 * false, and counted either way.
 */
final class ProbeClient implements AutoCloseable {

  /** How the link ended: the server's close frame (1005: one without a code), or 1006: no close frame at all. */
  record Close(int code, String reason, long atNanos) {}

  /** What a probe's pipeline gets after the WebSocket frames: a codec, a view of each message, a responder. */
  record Protocol(String subprotocol, Consumer<ChannelPipeline> codec, Function<Object, Object> view,
      BiPredicate<Object, Channel> responder) {}

  /** One event loop for all probes; daemon threads, so a program that used probes can end. */
  private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(1,
      new DefaultThreadFactory("probe-client", true), NioIoHandler.newFactory());

  private final Channel channel;
  private final List<Object> received = new ArrayList<>();
  private final Map<Object, Boolean> taken = new IdentityHashMap<>();
  private final CompletableFuture<Void> upgraded = new CompletableFuture<>();
  private final CompletableFuture<Close> closed = new CompletableFuture<>();
  private final AtomicInteger pings = new AtomicInteger();

  private ProbeClient(URI uri, Protocol protocol, boolean answerPings) throws InterruptedException {
    WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder().webSocketUri(uri)
        .subprotocol(protocol.subprotocol()).handleCloseFrames(false).dropPongFrames(true)
        .handshakeTimeoutMillis(10_000).build();
    channel = new Bootstrap().group(GROUP).channel(NioSocketChannel.class).handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65_536), new Pings(answerPings),
            new WebSocketClientProtocolHandler(config));
        protocol.codec().accept(ch.pipeline());
        ch.pipeline().addLast(new Collector(protocol));
      }
    }).connect(uri.getHost(), uri.getPort()).sync().channel();
  }

  /** Connects and waits for the 101; a refused upgrade throws with the server's status. */
  static ProbeClient open(String url, Protocol protocol, boolean answerPings) throws Exception {
    ProbeClient client = new ProbeClient(URI.create(url), protocol, answerPings);
    client.upgraded.get(15, TimeUnit.SECONDS);
    return client;
  }

  void send(Object message) {
    channel.writeAndFlush(message).syncUninterruptibly();
  }

  Channel channel() {
    return channel;
  }

  /** The first message not yet taken that is a {@code type} and matches, waiting up to the timeout for it. */
  <T> T next(Class<T> type, Predicate<T> matches, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    synchronized (received) {
      while (true) {
        for (Object o : received) {
          if (type.isInstance(o) && !taken.containsKey(o) && matches.test(type.cast(o))) {
            taken.put(o, true);
            return type.cast(o);
          }
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw new AssertionError("no matching " + type.getSimpleName() + " within " + timeoutMillis
              + " ms; received: " + received + "; closed: " + closed.getNow(null));
        }
        received.wait(left);
      }
    }
  }

  /** Everything of that type received so far. */
  <T> List<T> all(Class<T> type) {
    synchronized (received) {
      return received.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  int pingsReceived() {
    return pings.get();
  }

  CompletableFuture<Close> closed() {
    return closed;
  }

  boolean isOpen() {
    return channel.isActive() && !closed.isDone();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }

  /** Counts WebSocket pings; passes them on to Netty's automatic pong, or drops them. */
  private final class Pings extends ChannelInboundHandlerAdapter {
    private final boolean answer;

    Pings(boolean answer) {
      this.answer = answer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof PingWebSocketFrame) {
        pings.incrementAndGet();
        if (!answer) {
          ReferenceCountUtil.release(msg);
          return;
        }
      }
      ctx.fireChannelRead(msg);
    }
  }

  private final class Collector extends ChannelInboundHandlerAdapter {
    private final Protocol protocol;

    Collector(Protocol protocol) {
      this.protocol = protocol;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        upgraded.complete(null);
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof CloseWebSocketFrame close) {
        // a close frame without a status code is 1005 to the receiver (RFC 6455 7.1.5)
        int code = close.statusCode() == -1 ? 1005 : close.statusCode();
        closed.complete(new Close(code, close.reasonText(), System.nanoTime()));
        close.release();
        ctx.close();
        return;
      }
      Object view;
      try {
        view = protocol.view().apply(msg);
      } finally {
        if (protocol.view() != Function.identity()) {
          ReferenceCountUtil.release(msg);
        }
      }
      if (protocol.responder() != null && protocol.responder().test(view, ctx.channel())) {
        return; // answered on the event loop, as a load client does; kept out of what the test reads
      }
      synchronized (received) {
        received.add(view);
        received.notifyAll();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      closed.complete(new Close(1006, "closed without a close frame", System.nanoTime()));
      upgraded.completeExceptionally(new IllegalStateException("closed before the upgrade completed"));
      synchronized (received) {
        received.notifyAll();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      upgraded.completeExceptionally(cause);
      synchronized (received) {
        received.add(cause);
        received.notifyAll();
      }
      ctx.close();
    }
  }
}
