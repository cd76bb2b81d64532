package io.wsloadtest.ws;

import io.gatling.javaapi.core.Session;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The run's end of hold: every user stays connected until the same moment, the injection's length plus the hold
 * after the first user started, then leaves at its own instant within the ramp-down (none: all at that moment).
 * Gatling builds the scenarios and starts its engine after the simulation's before() (a second or two in a cold
 * JVM), so counting from there would cut the hold short by that much.
 */
public final class HoldClock {

  /** 1/φ: user ids 1, 2, 3... times it, modulo 1, fill [0, 1) evenly at every count (a low-discrepancy sequence). */
  private static final double SPREAD = (Math.sqrt(5) - 1) / 2;

  private final Duration holdEnd;
  private final Duration rampDown;
  private final AtomicBoolean injecting = new AtomicBoolean();
  private volatile long startMillis = System.currentTimeMillis();

  /**
   * @param holdEnd  from the first user's start to the end of the hold
   * @param rampDown how long the users' leaving is spread over after it
   */
  public HoldClock(Duration holdEnd, Duration rampDown) {
    this.holdEnd = holdEnd;
    this.rampDown = rampDown;
  }

  /** Before load: the deadline counts from now until the first user starts. */
  public void start() {
    startMillis = System.currentTimeMillis();
    injecting.set(false);
  }

  /** A user's first step: the first one of the run restarts the count, as Gatling's injection does. */
  public void userStarted() {
    if (!injecting.get() && injecting.compareAndSet(false, true)) {
      startMillis = System.currentTimeMillis();
    }
  }

  /** Time left until this user's end: the end of the hold plus its place in the ramp-down. */
  public Duration untilEnd(Session session) {
    long end = startMillis + holdEnd.toMillis() + leaveOffsetMillis(session.userId(), rampDown);
    return Duration.ofMillis(Math.max(0, end - System.currentTimeMillis()));
  }

  public boolean beforeEnd(Session session) {
    return !untilEnd(session).isZero();
  }

  /** When user {@code userId} leaves after the end of the hold: spread evenly over {@code rampDown}. */
  static long leaveOffsetMillis(long userId, Duration rampDown) {
    if (rampDown.isZero()) {
      return 0;
    }
    double place = (userId * SPREAD) % 1.0;
    return (long) (place * rampDown.toMillis());
  }
}
