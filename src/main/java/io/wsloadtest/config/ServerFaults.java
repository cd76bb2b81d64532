package io.wsloadtest.config;

import java.time.Duration;

/**
 * Misbehaviour the echo server can be told to show, to test how clients notice it (wsload.server.fault.*).
 *
 * @param silentAfter after this long a connection answers nothing any more (no pong, no heartbeat reply,
 *     no echo) but stays open: a half-open link. Zero = never.
 * @param replyDelay every answer (pong, heartbeat reply, echo) is sent this late. Zero = at once.
 * @param closeFraction this share of WebSocket connections (0-1, spread evenly: with 0.1 every 10th) is
 *     closed by the server with closeCode, closeAfter after its handshake.
 * @param stallAfter with stallFor: this long after a connection opens, the server stalls: what arrives in the
 *     next stallFor is answered only when the stall ends, in order (a GC pause, a blocked event loop). Zero = never.
 */
public record ServerFaults(Duration silentAfter, Duration replyDelay, double closeFraction, int closeCode,
    Duration closeAfter, Duration stallAfter, Duration stallFor) {

  public static final ServerFaults NONE = new ServerFaults(Duration.ZERO, Duration.ZERO, 0, 1008, Duration.ofSeconds(1));

  /** Without a stall. */
  public ServerFaults(Duration silentAfter, Duration replyDelay, double closeFraction, int closeCode,
      Duration closeAfter) {
    this(silentAfter, replyDelay, closeFraction, closeCode, closeAfter, Duration.ZERO, Duration.ZERO);
  }

  public boolean stalls() {
    return !stallFor.isZero();
  }

  public boolean any() {
    return !silentAfter.isZero() || !replyDelay.isZero() || closeFraction > 0 || stalls();
  }

  /** Close codes a server may send: RFC 6455 section 7.4 (1004-1006 and 1015 are never sent), 3000-4999. */
  public static boolean sendableCloseCode(int code) {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
  }

  @Override
  public String toString() {
    if (!any()) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    if (!silentAfter.isZero()) sb.append("silent after ").append(silentAfter.toMillis()).append(" ms; ");
    if (!replyDelay.isZero()) sb.append("replies delayed ").append(replyDelay.toMillis()).append(" ms; ");
    if (closeFraction > 0) {
      sb.append(String.format("%.4g of connections closed with %d after %d ms; ", closeFraction, closeCode,
          closeAfter.toMillis()));
    }
    if (stalls()) {
      sb.append("stalls ").append(stallFor.toMillis()).append(" ms, ").append(stallAfter.toMillis())
          .append(" ms after each connection opened; ");
    }
    return sb.substring(0, sb.length() - 2);
  }

  /** wsload.server.fault. */
  static ServerFaults read(KeyReader r) {
    Duration silentAfter = r.nonNegativeDuration("server.fault.silent-after");
    Duration replyDelay = r.nonNegativeDuration("server.fault.reply-delay");
    double fraction = r.number("server.fault.close-fraction", 0.0);
    if (fraction < 0 || fraction > 1) {
      r.problem("server.fault.close-fraction", fraction,
          "must be between 0 (no connection) and 1 (every connection), e.g. 0.1");
      fraction = 0;
    }
    int code = r.integer("server.fault.close-code", 1008);
    if (!sendableCloseCode(code)) {
      r.problem("server.fault.close-code", code, "is not a close code a server may send; use 1000-1003, 1007-1014"
          + " or 3000-4999 (1005, 1006 and 1015 are never sent on the wire)");
    }
    Duration closeAfter = r.positiveDuration("server.fault.close-after");
    return new ServerFaults(silentAfter, replyDelay, fraction, code, closeAfter,
        r.nonNegativeDuration("server.fault.stall-after"), r.nonNegativeDuration("server.fault.stall-for"));
  }
}
