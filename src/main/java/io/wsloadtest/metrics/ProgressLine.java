package io.wsloadtest.metrics;

import java.time.Duration;

/**
 * One line a person can read during ramp and hold, rendered from plain numbers so that a launcher can
 * sum the shards' snapshots ({@link Snapshot#plus}) and print the total the same way.
 */
public final class ProgressLine {

  private ProgressLine() {}

  /**
   * Counters at one moment.
   *
   * @param atMillis        when they were taken (epoch ms)
   * @param target          users planned
   * @param connected       connections open now
   * @param arrived         users that attempted their first connect (OK or KO): the ramp's progress
   * @param connectsOk      successful connects, reconnects included
   * @param ko              failures so far: connects, heartbeats, echoes, closes
   * @param heartbeatMisses heartbeats whose reply was missing or wrong
   */
  public record Snapshot(long atMillis, long target, long connected, long arrived, long connectsOk, long ko,
      long heartbeatMisses) {

    /** The same counters with no connection open: a shard that has ended. */
    public Snapshot withNothingOpen() {
      return new Snapshot(atMillis, target, 0, arrived, connectsOk, ko, heartbeatMisses);
    }

    /** The sum over shards; the time is the latest of the two. */
    public Snapshot plus(Snapshot o) {
      return new Snapshot(Math.max(atMillis, o.atMillis), target + o.target, connected + o.connected,
          arrived + o.arrived, connectsOk + o.connectsOk, ko + o.ko, heartbeatMisses + o.heartbeatMisses);
    }
  }

  /**
   * E.g. {@code connected 4500/10000 (45%) | 900 conn/s | KO 0 | heartbeat misses 0 | full ramp in 6s}.
   * Rates and the ETA come from the difference to {@code previous} (null for the first line).
   */
  public static String render(Snapshot now, Snapshot previous) {
    double seconds = previous == null ? 0 : (now.atMillis() - previous.atMillis()) / 1000.0;
    double connectRate = seconds > 0 ? (now.connectsOk() - previous.connectsOk()) / seconds : 0;
    double arrivalRate = seconds > 0 ? (now.arrived() - previous.arrived()) / seconds : 0;
    long percent = now.target() > 0 ? Math.round(100.0 * now.connected() / now.target()) : 0;
    return String.format("connected %d/%d (%d%%) | %.0f conn/s | KO %d | heartbeat misses %d | %s",
        now.connected(), now.target(), percent, connectRate, now.ko(), now.heartbeatMisses(),
        eta(now, arrivalRate));
  }

  private static String eta(Snapshot now, double arrivalRate) {
    long left = now.target() - now.arrived();
    if (left <= 0) {
      return "ramp done";
    }
    if (arrivalRate <= 0) {
      return "full ramp in ?";
    }
    return "full ramp in " + human(Duration.ofSeconds((long) Math.ceil(left / arrivalRate)));
  }

  private static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m" + String.format("%02ds", s % 60);
    }
    return s / 3600 + "h" + String.format("%02dm", s % 3600 / 60);
  }
}
