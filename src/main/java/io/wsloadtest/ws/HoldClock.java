package io.wsloadtest.ws;

import io.gatling.javaapi.core.Session;
import java.time.Duration;

/** The run's end of hold: every user stays connected until the same moment. Starts when the run begins. */
public final class HoldClock {

  private final Duration runDuration;
  private volatile long startMillis = System.currentTimeMillis();

  public HoldClock(Duration runDuration) {
    this.runDuration = runDuration;
  }

  /** The hold deadline counts from now (the run's start, after set-up). */
  public void start() {
    startMillis = System.currentTimeMillis();
  }

  /** Time left until the end of the hold. */
  public Duration untilEnd(Session session) {
    return Duration.ofMillis(Math.max(0, startMillis + runDuration.toMillis() - System.currentTimeMillis()));
  }

  public boolean beforeEnd(Session session) {
    return !untilEnd(session).isZero();
  }
}
