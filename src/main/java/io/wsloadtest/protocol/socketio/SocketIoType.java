package io.wsloadtest.protocol.socketio;

/** The Socket.IO 5 packet types, each written as its digit on the wire. */
public enum SocketIoType {
  CONNECT,
  DISCONNECT,
  EVENT,
  ACK,
  CONNECT_ERROR,
  BINARY_EVENT,
  BINARY_ACK;

  char digit() {
    return (char) ('0' + ordinal());
  }

  static SocketIoType of(char digit) {
    int i = digit - '0';
    if (i < 0 || i >= values().length) {
      throw new IllegalArgumentException("unknown Socket.IO packet type '" + digit + "'");
    }
    return values()[i];
  }
}
