package io.wsloadtest.config;

/** Pass/fail thresholds for the run. */
public record Assertions(double maxKoPercent, int maxP99Millis) {}
