package io.wsloadtest.config;

import java.time.Duration;

/**
 * Heartbeat every interval, reply expected within timeout: the application-level text request/reply, or a
 * WebSocket ping control frame and its pong (mode). deadAfter missed replies in a row declare a link dead;
 * it is then closed and reconnected up to maxReconnects times, waiting reconnectBackoff (doubling up to
 * reconnectBackoffMax) before each attempt.
 */
public record Heartbeat(Duration interval, Duration timeout, String request, String reply, int maxReconnects,
    Mode mode, int deadAfter, Duration reconnectBackoff, Duration reconnectBackoffMax, ReplyMatch replyMatch) {

  /** text: the request text and its reply text; ping: a ping control frame and its pong. */
  public enum Mode { TEXT, PING }

  /** How a text heartbeat's reply is recognised: the exact text, a regex, or a JSONPath that finds something. */
  public enum ReplyMatch { EXACT, REGEX, JSONPATH }
}
