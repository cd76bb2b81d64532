package io.wsloadtest.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts TCP connections open on the server, how many were ever accepted, and from which source IP to
 * which local port (so a run can show that every source IP reached every port).
 */
@Sharable
public final class ConnectionCounter extends ChannelInboundHandlerAdapter {

  private final AtomicLong open = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong peak = new AtomicLong();
  private final Map<String, LongAdder> routes = new ConcurrentHashMap<>();
  /** The open connections themselves (a group forgets closed channels by itself). */
  private final ChannelGroup channels = new DefaultChannelGroup("connections", GlobalEventExecutor.INSTANCE);

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    accepted.incrementAndGet();
    if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote
        && ctx.channel().localAddress() instanceof InetSocketAddress local) {
      routes.computeIfAbsent(remote.getAddress().getHostAddress() + "->" + local.getPort(), k -> new LongAdder())
          .increment();
    }
    peak.accumulateAndGet(open.incrementAndGet(), Math::max);
    channels.add(ctx.channel());
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    // The handlers after this one count the connection's close first: whoever reads "none open" (a scrape, a
    // test) then also reads every close counted.
    super.channelInactive(ctx);
    open.decrementAndGet();
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

  /** Bytes written to open connections and not yet sent: what clients that do not read cost this server. */
  public long pendingOutboundBytes() {
    long pending = 0;
    for (Channel c : channels) {
      var buffer = c.unsafe().outboundBuffer();
      pending += buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }
    return pending;
  }

  /** Accepted connections by "sourceIp->localPort", sorted. */
  public Map<String, Long> acceptedByRoute() {
    Map<String, Long> out = new TreeMap<>();
    routes.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
