package io.wsloadtest.protocol.graphql;

/** The message types of graphql-transport-ws, with their names on the wire. */
public enum GraphqlWsType {
  CONNECTION_INIT("connection_init"),
  CONNECTION_ACK("connection_ack"),
  PING("ping"),
  PONG("pong"),
  SUBSCRIBE("subscribe"),
  NEXT("next"),
  ERROR("error"),
  COMPLETE("complete");

  private final String wireName;

  GraphqlWsType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The type with this wire name, or null. */
  static GraphqlWsType of(String wireName) {
    for (GraphqlWsType t : values()) {
      if (t.wireName.equals(wireName)) {
        return t;
      }
    }
    return null;
  }

  /** The operation messages: they carry the id of one subscription. */
  boolean hasId() {
    return this == SUBSCRIBE || this == NEXT || this == ERROR || this == COMPLETE;
  }
}
