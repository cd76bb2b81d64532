package io.wsloadtest.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * Extra headers of every WebSocket upgrade request (wsload.handshake.headers), typically a token.
 * Values are secrets: toString and {@link #describe()} show the names only.
 */
public record HandshakeHeaders(Map<String, String> values) {

  public static final HandshakeHeaders NONE = new HandshakeHeaders(Map.of());

  public HandshakeHeaders {
    values = Map.copyOf(values);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** "Authorization=***, X-Api-Key=***": what a banner may print. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(values).keySet().forEach(name -> sb.append(sb.length() == 0 ? "" : ", ").append(name).append("=***"));
    return sb.toString();
  }

  @Override
  public String toString() {
    return "HandshakeHeaders[" + describe() + "]";
  }
}
