package io.wsloadtest.server;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicLong;

/** Counts TCP connections open on the server and how many were ever accepted. */
@Sharable
public final class ConnectionCounter extends ChannelInboundHandlerAdapter {

  private final AtomicLong open = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong peak = new AtomicLong();

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    accepted.incrementAndGet();
    peak.accumulateAndGet(open.incrementAndGet(), Math::max);
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    open.decrementAndGet();
    super.channelInactive(ctx);
  }

  public long open() {
    return open.get();
  }

  public long accepted() {
    return accepted.get();
  }

  public long peak() {
    return peak.get();
  }
}
