package io.wsloadtest.server;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.wsloadtest.config.ServerBroadcast;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scheduler of broadcast mode: one tick every period pushes the next message to every WebSocket
 * connection at once, as a real broadcast does. Connections join on their handshake and leave when they
 * close (the channel group forgets closed channels by itself).
 */
final class Broadcaster {

  /** Next sequence number of a connection. */
  private static final AttributeKey<AtomicLong> SEQ = AttributeKey.valueOf("wsload.broadcast.seq");

  private final ServerBroadcast settings;
  private final ChannelGroup connections;
  private final String data;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private ScheduledFuture<?> tick;

  Broadcaster(ServerBroadcast settings) {
    this.settings = settings;
    this.connections = new DefaultChannelGroup("broadcast", GlobalEventExecutor.INSTANCE);
    this.data = "x".repeat(settings.dataBytes());
  }

  ServerBroadcast settings() {
    return settings;
  }

  /** Starts the ticks on {@code executor}; stop() or the executor's shutdown ends them. */
  void start(EventExecutor executor) {
    long period = settings.periodNanos();
    tick = executor.scheduleAtFixedRate(this::pushToAll, period, period, TimeUnit.NANOSECONDS);
  }

  void stop() {
    if (tick != null) {
      tick.cancel(false);
    }
  }

  void join(Channel channel) {
    channel.attr(SEQ).setIfAbsent(new AtomicLong());
    connections.add(channel);
  }

  /** Messages written so far, and those skipped because a connection could not take more (a gap it will see). */
  long sent() {
    return sent.get();
  }

  long skipped() {
    return skipped.get();
  }

  private void pushToAll() {
    long now = System.currentTimeMillis();
    for (Channel channel : connections) {
      long seq = channel.attr(SEQ).get().getAndIncrement();
      // A client that does not read fills its outbound buffer: drop its message (it sees the gap in seq)
      // rather than let the server's memory grow without bound.
      if (!channel.isWritable()) {
        skipped.incrementAndGet();
        continue;
      }
      channel.writeAndFlush(new TextWebSocketFrame(
          "{\"seq\":" + seq + ",\"ts\":" + now + ",\"data\":\"" + data + "\"}"), channel.voidPromise());
      sent.incrementAndGet();
    }
  }
}
