package io.wsloadtest.protocol.graphql;

/** The close codes graphql-transport-ws defines, so a close is reported by its meaning as well as its number. */
public enum GraphqlWsCloseCode {
  INTERNAL_SERVER_ERROR(4500, "internal server error"),
  INTERNAL_CLIENT_ERROR(4005, "internal client error"),
  BAD_REQUEST(4400, "bad request"),
  BAD_RESPONSE(4004, "bad response"),
  UNAUTHORIZED(4401, "unauthorized: subscribe before connection_ack"),
  FORBIDDEN(4403, "forbidden: connection_init refused"),
  SUBPROTOCOL_NOT_ACCEPTABLE(4406, "subprotocol not acceptable"),
  CONNECTION_INIT_TIMEOUT(4408, "connection initialisation timeout: no connection_init in time"),
  CONNECTION_ACKNOWLEDGEMENT_TIMEOUT(4504, "connection acknowledgement timeout"),
  SUBSCRIBER_ALREADY_EXISTS(4409, "subscriber for that id already exists"),
  TOO_MANY_INITIALISATION_REQUESTS(4429, "too many initialisation requests");

  private final int code;
  private final String meaning;

  GraphqlWsCloseCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  /** "4403 forbidden: connection_init refused (Forbidden)": the code, its meaning and the server's reason. */
  public static String describe(int code, String reason) {
    String suffix = reason == null || reason.isEmpty() ? "" : " (" + reason + ")";
    for (GraphqlWsCloseCode c : values()) {
      if (c.code == code) {
        return code + " " + c.meaning + suffix;
      }
    }
    return code + suffix;
  }
}
