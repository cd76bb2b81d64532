package io.wsloadtest.config;

/** Pass/fail limits of a run (wsload.assertions). */
public record AssertionLimits(double maxKoPercent, int maxP99Millis) {

  static AssertionLimits read(KeyReader r) {
    double maxKo = r.number("assertions.max-ko-percent", 0.0);
    if (maxKo < 0 || maxKo > 100) {
      r.problem("assertions.max-ko-percent", maxKo, "must be between 0 and 100");
    }
    return new AssertionLimits(maxKo, r.positiveInt("assertions.max-p99-ms", "-Dwsload.assertions.max-p99-ms=2000"));
  }
}
