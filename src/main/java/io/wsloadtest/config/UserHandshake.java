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

  /** Subprotocol, Origin, and per-user templates ("#{column}" of handshake.users-csv); values never printed. */
  static UserHandshake read(KeyReader r) {
    String csv = r.string("handshake.users-csv", "");
    Map<String, String> headers = templates(r, "handshake.user-headers", true);
    Map<String, String> query = templates(r, "handshake.user-query", false);
    if (csv.isEmpty() && !(headers.isEmpty() && query.isEmpty())) {
      r.problem("handshake.users-csv", "\"\"", "is needed by wsload.handshake.user-headers / user-query"
          + " (their #{column} values come from it), e.g. -Dwsload.handshake.users-csv=users.csv");
    }
    return new UserHandshake(r.string("handshake.subprotocol", ""), r.string("handshake.origin", ""), csv, headers,
        query);
  }

  private static Map<String, String> templates(KeyReader r, String path, boolean headerNames) {
    Map<String, String> result = new java.util.LinkedHashMap<>();
    if (!r.c.hasPath(path)) {
      return result;
    }
    try {
      r.c.getObject(path).forEach((name, value) -> {
        if (headerNames && !HandshakeHeaders.isHeaderName(name)) {
          r.problem(path + "." + name, "(hidden)", "'" + name + "' is not a valid HTTP header name");
        } else if (value.valueType() != com.typesafe.config.ConfigValueType.STRING) {
          r.problem(path + "." + name, "(hidden)", "must be a string, e.g. \"Bearer #{token}\"");
        } else {
          result.put(name, (String) value.unwrapped());
        }
      });
    } catch (com.typesafe.config.ConfigException e) {
      r.problem(path, "(hidden)", "must be an object of names and values, e.g. { Authorization = \"Bearer #{token}\" }");
    }
    return result;
  }
}
