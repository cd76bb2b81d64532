package io.wsloadtest.config;

import java.time.Duration;

/**
 * Heartbeat every interval, reply expected within timeout: a WebSocket ping control frame and its pong, or an
 * application-level text request and its reply (mode). deadAfter missed replies in a row declare the connection
 * dropped; it is then closed and reconnected up to maxReconnects times, waiting reconnectBackoff (doubling up to
 * reconnectBackoffMax) before each attempt.
 */
public record Heartbeat(Duration interval, Duration timeout, String request, String reply, int maxReconnects,
    Mode mode, int deadAfter, Duration reconnectBackoff, Duration reconnectBackoffMax, ReplyMatch replyMatch) {

  /** text: the request text and its reply text; ping: a ping control frame and its pong. */
  public enum Mode { TEXT, PING }

  /** How a text heartbeat's reply is recognised: the exact text, a regex, or a JSONPath that finds something. */
  public enum ReplyMatch { EXACT, REGEX, JSONPATH }

  /** wsload.heartbeat. */
  static Heartbeat read(KeyReader r) {
    Duration interval = r.positiveDuration("heartbeat.interval");
    Duration timeout = r.positiveDuration("heartbeat.timeout");
    if (timeout.compareTo(interval) >= 0) {
      r.problem("heartbeat.timeout", r.raw("heartbeat.timeout"),
          "must be shorter than wsload.heartbeat.interval (" + r.raw("heartbeat.interval") + ")");
    }
    String request = r.nonEmptyString("heartbeat.request");
    String reply = r.nonEmptyString("heartbeat.reply");
    int maxReconnects = r.nonNegativeInt("heartbeat.max-reconnects", "must be 0 or more");
    Mode mode = r.choice("heartbeat.mode", Mode.PING,
        "must be text (request/reply messages) or ping (ping/pong control frames)");
    int deadAfter = r.positiveInt("heartbeat.dead-after", "-Dwsload.heartbeat.dead-after=2");
    Duration backoff = r.positiveDuration("heartbeat.reconnect-backoff");
    Duration backoffMax = r.positiveDuration("heartbeat.reconnect-backoff-max");
    if (backoffMax.compareTo(backoff) < 0) {
      r.problem("heartbeat.reconnect-backoff-max", r.raw("heartbeat.reconnect-backoff-max"),
          "must not be shorter than wsload.heartbeat.reconnect-backoff (" + r.raw("heartbeat.reconnect-backoff") + ")");
    }
    ReplyMatch match = r.choice("heartbeat.reply-match", ReplyMatch.EXACT, "must be exact, regex or jsonpath");
    if (match == ReplyMatch.REGEX && !r.regex("heartbeat.reply", reply)) {
      match = ReplyMatch.EXACT;
    }
    return new Heartbeat(interval, timeout, request, reply, maxReconnects, mode, deadAfter, backoff, backoffMax,
        match);
  }
}
