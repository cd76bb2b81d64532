package io.wsloadtest.config;

import java.time.Duration;

/** How users arrive: see wsload.injection in reference.conf. */
public record Injection(Type type, Duration ramp, double rate, int stepCount, Duration stepRamp, Duration stepHold) {

  public enum Type {
    RAMP("ramp"), RATE("rate"), STEPS("steps"), AT_ONCE("at-once");

    final String configName;

    Type(String configName) {
      this.configName = configName;
    }

    static Type parse(String s) {
      for (Type t : values()) {
        if (t.configName.equals(s)) {
          return t;
        }
      }
      throw new IllegalArgumentException("unknown injection type; allowed: ramp, rate, steps, at-once");
    }
  }

  /** How long until the last user has arrived. */
  public Duration duration(int users) {
    return switch (type) {
      case RAMP -> ramp;
      case RATE -> Duration.ofMillis((long) Math.ceil(users * 1000.0 / rate));
      case STEPS -> stepRamp.plus(stepHold).multipliedBy(stepCount).minus(stepHold);
      case AT_ONCE -> Duration.ZERO;
    };
  }
}
