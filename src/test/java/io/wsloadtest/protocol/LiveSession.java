package io.wsloadtest.protocol;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A protocol session on a real event loop, for what takes time: deadlines and keep-alive ticks run on the shared
 * timing wheel and come back on the connection's event loop, which an EmbeddedChannel cannot take from another
 * thread. The session sits in one end of an in-memory channel pair; the test plays the server at the other end,
 * whose codecs it chooses, and sees what the session sends, what it passes on, and the drops it reports.
 */
public final class LiveSession implements AutoCloseable {

  private final EventLoopGroup loop = new DefaultEventLoopGroup(1);
  private final Channel serverSide;
  private final Channel clientSide;
  /** What the session sent, as the server's codecs decoded it. */
  public final BlockingQueue<Object> sent = new LinkedBlockingQueue<>();
  /** The frames and the Dropped events the session passed on towards the kit. */
  public final BlockingQueue<Object> passedOn = new LinkedBlockingQueue<>();
  public final CompletableFuture<Void> closed = new CompletableFuture<>();

  /** {@code session} on a fresh connection; {@code serverCodecs} adds the server's codecs to its end. */
  public LiveSession(ProtocolSession session, Consumer<io.netty.channel.ChannelPipeline> serverCodecs)
      throws InterruptedException {
    LocalAddress address = new LocalAddress("live-session-" + java.util.UUID.randomUUID());
    CompletableFuture<Channel> accepted = new CompletableFuture<>();
    Channel server = new ServerBootstrap().group(loop).channel(LocalServerChannel.class)
        .childHandler(new ChannelInitializer<LocalChannel>() {
          @Override
          protected void initChannel(LocalChannel ch) {
            serverCodecs.accept(ch.pipeline());
            ch.pipeline().addLast(collect(sent));
            accepted.complete(ch);
          }
        }).bind(address).sync().channel();
    clientSide = new Bootstrap().group(loop).channel(LocalChannel.class).handler(new ChannelInitializer<LocalChannel>() {
      @Override
      protected void initChannel(LocalChannel ch) {
        ch.pipeline().addLast(session, new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            passedOn.add(msg);
          }

          @Override
          public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            passedOn.add(event);
          }

          @Override
          public void channelInactive(ChannelHandlerContext ctx) {
            closed.complete(null);
          }
        });
      }
    }).connect(address).sync().channel();
    serverSide = accepted.join();
    server.close();
  }

  private static ChannelHandler collect(BlockingQueue<Object> into) {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        into.add(copy(msg));
        ReferenceCountUtil.release(msg);
      }
    };
  }

  private static Object copy(Object msg) {
    return msg instanceof io.netty.buffer.ByteBufHolder holder ? holder.copy() : msg;
  }

  /** Runs {@code call} on the session's event loop, as the kit does, and waits for it. */
  public void onLoop(Runnable call) throws Exception {
    clientSide.eventLoop().submit(call).get(5, TimeUnit.SECONDS);
  }

  /** A message from the server, through its codecs. */
  public void fromServer(Object message) {
    serverSide.writeAndFlush(message);
  }

  /** The next thing the session sent within {@code millis}, or null. */
  public Object nextSent(long millis) throws InterruptedException {
    return sent.poll(millis, TimeUnit.MILLISECONDS);
  }

  public Object nextPassedOn(long millis) throws InterruptedException {
    return passedOn.poll(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    clientSide.close().sync();
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }
}
