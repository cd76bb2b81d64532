package io.wsloadtest.compare;

import io.wsloadtest.simlog.RunStatistics;

/**
 * One request's figures, exact: counted and ranked from every record of a simulation.log, no sketch or
 * histogram. Percentiles are nearest-rank over all responses, OK and KO, where a KO (a timeout, a refusal)
 * counts as slower than any answer: when more than 1 % of heartbeats time out, the p99 is {@link #FAILED},
 * never the p99 of those that happened to come back.
 *
 * @param p50 a percentile in ms, {@link #FAILED} when it falls on a KO, {@link #NONE} without any response
 * @param maxOk the slowest OK response in ms, {@link #NONE} without any
 */
public record RequestFigures(String name, long ok, long ko, long p50, long p95, long p99, long maxOk) {

  /** A percentile that falls on failed responses. */
  public static final long FAILED = Long.MAX_VALUE;
  /** No response at all. */
  public static final long NONE = -1;

  public static final String METHOD = "exact: nearest rank over every response of the simulation.log;"
      + " a KO counts as slower than any answer";

  public static RequestFigures of(RunStatistics s, String name) {
    return new RequestFigures(name, s.ok(name), s.ko(name), percentile(s, name, 50), percentile(s, name, 95),
        percentile(s, name, 99), s.ok(name) == 0 ? NONE : s.percentile(name, 100));
  }

  public long count() {
    return ok + ko;
  }

  public double koPercent() {
    return count() == 0 ? 0 : 100.0 * ko / count();
  }

  public long percentile(int p) {
    return switch (p) {
      case 50 -> p50;
      case 95 -> p95;
      case 99 -> p99;
      default -> throw new IllegalArgumentException("p" + p + " is not kept; 50, 95 and 99 are");
    };
  }

  /**
   * The nearest-rank p-th percentile over OK and KO responses, KOs ranked last. RunStatistics keeps the OK
   * times: rank r (1-based) of all n responses is OK rank r when r <= ok, else a KO.
   */
  static long percentile(RunStatistics s, String name, double p) {
    long ok = s.ok(name);
    long n = ok + s.ko(name);
    if (n == 0) {
      return NONE;
    }
    long rank = Math.max(1, (long) Math.ceil(p / 100.0 * n));
    if (rank > ok) {
      return FAILED;
    }
    // RunStatistics ranks ceil(q/100 * ok); q at the middle of rank r's interval lands on r whatever the rounding.
    return s.percentile(name, 100.0 * (rank - 0.5) / ok);
  }

  /** "12 ms", "KO" or "-" for a percentile as kept here. */
  public static String ms(long value) {
    return value == FAILED ? "KO" : value == NONE ? "-" : value + " ms";
  }
}
