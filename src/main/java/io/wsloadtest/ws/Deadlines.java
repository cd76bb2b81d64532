package io.wsloadtest.ws;

import io.netty.channel.Channel;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Pong deadlines of all users on one timing wheel: O(1) to add and cancel, where a task per
 * ping on the event loop's scheduled-task heap cost O(log n) twice per ping with up to one pending ping
 * per connection. A deadline fires up to one 100 ms tick late, then runs on the connection's event loop.
 */
final class Deadlines {

  private static final HashedWheelTimer WHEEL =
      new HashedWheelTimer(new DefaultThreadFactory("wsload-reply-deadlines", true), 100, TimeUnit.MILLISECONDS, 512);

  private Deadlines() {}

  static Timeout onLoopAfter(Channel channel, Duration delay, Runnable task) {
    return WHEEL.newTimeout(t -> channel.eventLoop().execute(task), delay.toMillis(), TimeUnit.MILLISECONDS);
  }
}
