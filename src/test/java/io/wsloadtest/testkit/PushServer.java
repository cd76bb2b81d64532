package io.wsloadtest.testkit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small push server of the kind chat and market-data services are, for the tests: every connection gets
 * {"seq":n,"ts":epoch-ms,"data":"..."} every {@code periodMillis}; it answers a JSON heartbeat
 * {"type":"ping"} with {"type":"notice"} then {"type":"pong"} and a subscribe {"type":"subscribe"} with {"type":"subscribed"};
 * it pings every client every 300 ms and closes (1008) one that has not ponged for a second.
 */
public final class PushServer implements AutoCloseable {

  private static final AttributeKey<Long> LAST_PONG = AttributeKey.valueOf("lastPong");

  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final AtomicLong seq = new AtomicLong();
  public final AtomicLong pongs = new AtomicLong();
  public final AtomicLong droppedForNoPong = new AtomicLong();
  private final Channel server;

  public PushServer(long periodMillis) throws InterruptedException {
    WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder().websocketPath("/push")
        .checkStartsWith(true).subprotocols("chat").dropPongFrames(false).build();
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65_536), new Handshakes(),
                new WebSocketServerProtocolHandler(ws), new Frames());
          }
        }).bind("127.0.0.1", 0).sync().channel();
    group.scheduleAtFixedRate(() -> clients.writeAndFlush(new TextWebSocketFrame(
            "{\"seq\":" + seq.incrementAndGet() + ",\"ts\":" + System.currentTimeMillis() + ",\"data\":\"tick\"}")),
        periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    group.scheduleAtFixedRate(this::pingAndDropSilent, 300, 300, TimeUnit.MILLISECONDS);
  }

  public String url() {
    return "ws://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/push";
  }

  private void pingAndDropSilent() {
    long now = System.currentTimeMillis();
    for (Channel c : clients) {
      Long last = c.attr(LAST_PONG).get();
      if (last != null && now - last > 1000) {
        droppedForNoPong.incrementAndGet();
        c.writeAndFlush(new CloseWebSocketFrame(1008, "no pong")).addListener(f -> c.close());
      } else {
        c.writeAndFlush(new PingWebSocketFrame());
      }
    }
  }

  /** Each upgrade request as "uri | Authorization | Origin | Sec-WebSocket-Protocol". */
  public final java.util.Queue<String> handshakes = new java.util.concurrent.ConcurrentLinkedQueue<>();

  private final class Handshakes extends io.netty.channel.ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof io.netty.handler.codec.http.FullHttpRequest r) {
        handshakes.add(r.uri() + " | " + r.headers().get("Authorization") + " | " + r.headers().get("Origin")
            + " | " + r.headers().get("Sec-WebSocket-Protocol"));
      }
      ctx.fireChannelRead(msg);
    }
  }

  private final class Frames extends SimpleChannelInboundHandler<WebSocketFrame> {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
        ctx.channel().attr(LAST_PONG).set(System.currentTimeMillis());
        clients.add(ctx.channel());
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof PongWebSocketFrame) {
        pongs.incrementAndGet();
        ctx.channel().attr(LAST_PONG).set(System.currentTimeMillis());
      } else if (frame instanceof TextWebSocketFrame text) {
        String t = text.text();
        if (t.contains("\"subscribe\"")) {
          ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"subscribed\"}"));
        } else if (t.contains("\"ping\"")) {
          // Something else first, as busy servers do: the heartbeat must await its own reply.
          ctx.write(new TextWebSocketFrame("{\"type\":\"notice\"}"));
          ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"pong\"}"));
        }
      }
    }
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
