package io.wsloadtest.protocol.stomp;

/**
 * The {@code heart-beat} header of CONNECT or CONNECTED: {@code canSend,wantsToReceive} in milliseconds, 0 meaning
 * "cannot" or "does not want". {@link #negotiate} applies STOMP 1.2's rule to a client's and a server's header.
 */
public record HeartBeatSetting(long canSendMs, long wantsToReceiveMs) {

  public static final HeartBeatSetting NONE = new HeartBeatSetting(0, 0);

  public HeartBeatSetting {
    if (canSendMs < 0 || wantsToReceiveMs < 0) {
      throw new IllegalArgumentException("heart-beat intervals must be >= 0 ms: " + canSendMs + "," + wantsToReceiveMs);
    }
  }

  /** The header's value; a missing header (null) means 0,0. */
  public static HeartBeatSetting parse(String header) {
    if (header == null) {
      return NONE;
    }
    String[] parts = header.split(",", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("heart-beat header '" + header + "' is not 'sendMs,receiveMs'");
    }
    try {
      return new HeartBeatSetting(Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("heart-beat header '" + header + "' is not 'sendMs,receiveMs'", e);
    }
  }

  public String header() {
    return canSendMs + "," + wantsToReceiveMs;
  }

  /**
   * What the client of this CONNECT ({@code client}) and the server of that CONNECTED ({@code server}) agreed: the
   * client beats every max(cx, sy) when both are non-zero, the server every max(sx, cy); 0 means no beats that way.
   */
  public static Negotiated negotiate(HeartBeatSetting client, HeartBeatSetting server) {
    return new Negotiated(agreed(client.canSendMs, server.wantsToReceiveMs),
        agreed(server.canSendMs, client.wantsToReceiveMs));
  }

  private static long agreed(long sender, long receiver) {
    return sender == 0 || receiver == 0 ? 0 : Math.max(sender, receiver);
  }

  /** The agreed intervals, in milliseconds; 0 means none. */
  public record Negotiated(long clientSendsEveryMs, long serverSendsEveryMs) {}
}
