package io.wsloadtest.protocol;

import io.netty.channel.Channel;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Deadlines and periodic ticks of all connections on one timing wheel: O(1) to add and cancel, where a task per
 * connection on each event loop's scheduled-task heap costs O(log n) twice with up to one pending task per
 * connection. A deadline fires up to one 100 ms tick late; its task then runs on the connection's event loop.
 */
public final class Deadlines {

  private static final HashedWheelTimer WHEEL =
      new HashedWheelTimer(new DefaultThreadFactory("wsload-deadlines", true), 100, TimeUnit.MILLISECONDS, 512);

  private Deadlines() {}

  /** {@code task} on {@code channel}'s event loop in {@code millis}; cancel the returned timeout to call it off. */
  public static Timeout after(long millis, Channel channel, Runnable task) {
    return WHEEL.newTimeout(t -> channel.eventLoop().execute(task), millis, TimeUnit.MILLISECONDS);
  }
}
