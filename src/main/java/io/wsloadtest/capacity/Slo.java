package io.wsloadtest.capacity;

import io.wsloadtest.compare.RequestFigures;

/** One objective from wsload.capacity.slo: its kind and its limit (ms for latencies, as written for messages). */
public record Slo(SloKind kind, double limit, String written) {

  /** An objective a level broke: what it measured, as text and as a number (-1 for none, infinite for KO). */
  public record Breach(String slo, String limit, String actual, double actualValue) {}

  /** Null when the level kept it. */
  Breach judge(LevelFigures f) {
    if (kind.latency()) {
      RequestFigures r = f.request(kind.requests);
      if (r == null) {
        return new Breach(kind.key, written, "no " + String.join(" or ", kind.requests) + " response", -1);
      }
      if (r.p99() == RequestFigures.FAILED) {
        return new Breach(kind.key, written, String.format("KO (%.1f %% of %s failed)", r.koPercent(), r.name()),
            Double.POSITIVE_INFINITY);
      }
      return r.p99() > limit ? new Breach(kind.key, written, r.p99() + " ms", r.p99()) : null;
    }
    double actual = switch (kind) {
      case KO_PERCENT -> f.koPercent();
      case DROPS_PER_MINUTE -> f.dropsPerMinute();
      case PUSH_GAPS -> f.pushGaps();
      default -> throw new IllegalStateException(kind.toString());
    };
    String text = switch (kind) {
      case KO_PERCENT -> String.format("%.2f %%", actual);
      case DROPS_PER_MINUTE -> String.format("%.1f per minute", actual);
      default -> String.format("%.0f", actual);
    };
    return actual > limit ? new Breach(kind.key, written, text, actual) : null;
  }

  /** How far over its limit a breach is: which of several broke hardest. */
  static double overshoot(Breach b, Slo slo) {
    if (b.actualValue() < 0 || Double.isInfinite(b.actualValue())) {
      return Double.POSITIVE_INFINITY;
    }
    return slo.limit() == 0 ? Double.MAX_VALUE : b.actualValue() / slo.limit();
  }
}
