package io.wsloadtest.compare;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;

/**
 * How much worse CURRENT may be than BASELINE (wsload.compare.*); an empty limit is not judged. Latency limits are
 * percent increases, ignored while the change is at most {@code latencyFloorMs} (1 to 2 ms is noise, not +100 %).
 */
public record Tolerances(OptionalDouble maxP50Increase, OptionalDouble maxP95Increase, OptionalDouble maxP99Increase,
    OptionalDouble maxKoIncrease, OptionalDouble maxCountDecrease, OptionalDouble maxDropsIncrease,
    OptionalDouble maxCapacityDecrease, double latencyFloorMs) {

  /** Reads wsload.compare; problems name the key. */
  public static Tolerances read(Properties systemProperties, Map<String, String> env, List<String> problems) {
    Section s = Section.read("compare", systemProperties, env);
    Tolerances t = new Tolerances(
        s.optionalNumber("max-p50-increase", "20%"),
        s.optionalNumber("max-p95-increase", "20%"),
        s.optionalNumber("max-p99-increase", "20%"),
        s.optionalNumber("max-ko-increase", "1 (percentage points)"),
        s.optionalNumber("max-count-decrease", "10%"),
        s.optionalNumber("max-drops-increase", "0"),
        s.optionalNumber("max-capacity-decrease", "10%"),
        s.nonNegative("latency-floor-ms"));
    problems.addAll(s.problems());
    return t;
  }

  public OptionalDouble maxIncrease(int percentile) {
    return switch (percentile) {
      case 50 -> maxP50Increase;
      case 95 -> maxP95Increase;
      default -> maxP99Increase;
    };
  }

  /** The key of a percentile's limit, for messages. */
  static String key(int percentile) {
    return "wsload.compare.max-p" + percentile + "-increase";
  }
}
