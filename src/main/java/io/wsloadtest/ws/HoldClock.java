package io.wsloadtest.ws;

import io.gatling.javaapi.core.Session;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The run's end of hold: every user stays connected until the same moment, the injection's length plus the hold
 * after the first user started. Gatling builds the scenarios and starts its engine after the simulation's
 * before() (a second or two in a cold JVM), so counting from there would cut the hold short by that much.
 */
public final class HoldClock {

  private final Duration runDuration;
  private final AtomicBoolean injecting = new AtomicBoolean();
  private volatile long startMillis = System.currentTimeMillis();

  public HoldClock(Duration runDuration) {
    this.runDuration = runDuration;
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

  /** Time left until the end of the hold. */
  public Duration untilEnd(Session session) {
    return Duration.ofMillis(Math.max(0, startMillis + runDuration.toMillis() - System.currentTimeMillis()));
  }

  public boolean beforeEnd(Session session) {
    return !untilEnd(session).isZero();
  }
}
