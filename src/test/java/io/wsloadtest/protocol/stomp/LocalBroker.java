package io.wsloadtest.protocol.stomp;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A client pipeline (the session under test, then {@code after}) on a real event loop, wired to a test "broker"
 * over Netty's in-JVM local transport, which carries WebSocket frame objects as they are: for what the session
 * does on the shared timing wheel, whose deadlines run on the connection's event loop from the wheel's thread (an
 * EmbeddedChannel's loop is not for other threads).
 */
final class LocalBroker implements AutoCloseable {

  private final DefaultEventLoopGroup group = new DefaultEventLoopGroup(2);
  private final Channel server;
  private final CompletableFuture<Channel> brokerSide = new CompletableFuture<>();
  /** What the client sent, as text. */
  final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  final Channel client;

  LocalBroker(ChannelHandler... clientHandlers) throws InterruptedException {
    LocalAddress address = new LocalAddress("stomp-broker-" + UUID.randomUUID());
    server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
        .childHandler(new ChannelInitializer<LocalChannel>() {
          @Override
          protected void initChannel(LocalChannel ch) {
            brokerSide.complete(ch);
            ch.pipeline().addLast(new SimpleChannelInboundHandler<TextWebSocketFrame>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                received.add(frame.text());
              }
            });
          }
        }).bind(address).sync().channel();
    client = new Bootstrap().group(group).channel(LocalChannel.class).handler(new ChannelInitializer<LocalChannel>() {
      @Override
      protected void initChannel(LocalChannel ch) {
        ch.pipeline().addLast(clientHandlers);
      }
    }).connect(address).sync().channel();
  }

  /** Runs {@code call} on the client's event loop, as the kit calls a session, and returns its result. */
  <T> T onLoop(Supplier<T> call) throws Exception {
    return client.eventLoop().submit(call::get).get(5, TimeUnit.SECONDS);
  }

  void onLoop(Runnable call) throws Exception {
    client.eventLoop().submit(call).get(5, TimeUnit.SECONDS);
  }

  /** A frame from the broker to the client. */
  void send(String text) throws Exception {
    brokerSide.get(5, TimeUnit.SECONDS).writeAndFlush(new TextWebSocketFrame(text)).sync();
  }

  /** The next text the client sent, or null after {@code millis}. */
  String next(long millis) throws InterruptedException {
    return received.poll(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    client.close().sync();
    server.close().sync();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }
}
