package io.wsloadtest.config;

import java.util.Map;

/**
 * What each WebSocket upgrade carries besides wsload.handshake.headers: a subprotocol (Sec-WebSocket-Protocol),
 * an Origin, and per-user headers and query parameters filled from a CSV of users (Gatling's csv feeder, one
 * row per user in turn; "" = none), e.g. headers {@code Authorization = "Bearer #{token}"}. The CSV holds
 * secrets: toString shows names only.
 */
public record UserHandshake(String subprotocol, String origin, String usersCsv, Map<String, String> headers,
    Map<String, String> query) {

  public UserHandshake {
    headers = Map.copyOf(headers);
    query = Map.copyOf(query);
  }

  public boolean perUser() {
    return !usersCsv.isEmpty();
  }

  @Override
  public String toString() {
    return "UserHandshake[subprotocol=" + subprotocol + ", origin=" + origin + ", usersCsv=" + usersCsv
        + ", headers=" + headers.keySet() + ", query=" + query.keySet() + "]";
  }
}
