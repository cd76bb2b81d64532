package io.wsloadtest.config;

import java.time.Duration;

/** Application-level heartbeat: request text every interval, reply expected within timeout. */
public record Heartbeat(Duration interval, Duration timeout, String request, String reply, int maxReconnects) {}
