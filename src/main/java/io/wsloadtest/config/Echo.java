package io.wsloadtest.config;

import java.time.Duration;

/** Echo traffic: {@code count} messages of {@code size} bytes, one per interval; count 0 = until the end of the hold. */
public record Echo(boolean binary, int size, int count, Duration interval, Duration timeout) {}
