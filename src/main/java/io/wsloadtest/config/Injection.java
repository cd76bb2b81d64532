package io.wsloadtest.config;

import java.time.Duration;

/** How users arrive: see wsload.injection in reference.conf. */
public record Injection(Type type, Duration ramp, double rate, int stepCount, Duration stepRamp, Duration stepHold) {

  public enum Type { RAMP, RATE, STEPS, AT_ONCE }

  /** How long until the last user has arrived. */
  public Duration duration(int users) {
    return switch (type) {
      case RAMP -> ramp;
      case RATE -> Duration.ofMillis((long) Math.ceil(users * 1000.0 / rate));
      case STEPS -> stepRamp.plus(stepHold).multipliedBy(stepCount).minus(stepHold);
      case AT_ONCE -> Duration.ZERO;
    };
  }

  /** wsload.injection and wsload.ramp; each of {@code shards} shards arrives at its share of the rate. */
  static Injection read(KeyReader r, int users, int shards) {
    Type type = r.choice("injection.type", Type.RAMP, "unknown injection type; allowed: ramp, rate, steps, at-once");
    Duration ramp = type == Type.RAMP ? r.positiveDuration("ramp") : Duration.ofSeconds(1);
    // Each shard arrives at its share of the rate, so all shards finish their ramp together.
    double rate = type == Type.RATE ? r.positiveDouble("injection.rate") / shards : 1;
    if (type != Type.STEPS) {
      return new Injection(type, ramp, rate, 1, Duration.ofSeconds(1), Duration.ofSeconds(1));
    }
    int stepCount = r.positiveInt("injection.steps.count", "-Dwsload.injection.steps.count=5");
    Duration stepRamp = r.positiveDuration("injection.steps.ramp");
    Duration stepHold = r.positiveDuration("injection.steps.hold");
    if (users > 0 && stepCount > users) {
      r.problem("injection.steps.count", stepCount, "must not exceed users (" + users + ")");
    }
    return new Injection(type, ramp, rate, stepCount, stepRamp, stepHold);
  }
}
