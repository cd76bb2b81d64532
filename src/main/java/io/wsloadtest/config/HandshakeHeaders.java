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

  /** wsload.handshake.headers: names checked; values are secrets and never appear in a message. */
  static HandshakeHeaders read(KeyReader r) {
    if (!r.c.hasPath("handshake.headers")) {
      return NONE;
    }
    com.typesafe.config.ConfigObject root;
    try {
      root = r.c.getObject("handshake.headers");
    } catch (com.typesafe.config.ConfigException e) {
      r.problem("handshake.headers", "(hidden)", "must be an object of header names and values,"
          + " e.g. headers { Authorization = ${?LOADTEST_TOKEN} }");
      return NONE;
    }
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    root.forEach((name, value) -> {
      String key = "handshake.headers." + name;
      if (!isHeaderName(name)) {
        r.problem(key, "(hidden)", "'" + name + "' is not a valid HTTP header name");
      } else if (value.valueType() == com.typesafe.config.ConfigValueType.OBJECT
          || value.valueType() == com.typesafe.config.ConfigValueType.LIST
          || value.valueType() == com.typesafe.config.ConfigValueType.NULL) {
        r.problem(key, "(hidden)", "must be a string");
      } else {
        String v = String.valueOf(value.unwrapped());
        if (v.chars().anyMatch(ch -> ch == '\r' || ch == '\n' || ch == 0)) {
          r.problem(key, "(hidden)", "must not contain line breaks");
        } else {
          headers.put(name, v);
        }
      }
    });
    return new HandshakeHeaders(headers);
  }

  /** An HTTP token (RFC 9110 section 5.6.2). */
  static boolean isHeaderName(String name) {
    return name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  }
}
