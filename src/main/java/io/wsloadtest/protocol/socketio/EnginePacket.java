package io.wsloadtest.protocol.socketio;

/**
 * An Engine.IO 4 packet over WebSocket, one per text frame: a type digit, then its data. Socket.IO packets travel
 * inside MESSAGE packets ({@code 4} + the Socket.IO packet, hence {@code 40}, {@code 42[...]}).
 */
public sealed interface EnginePacket {

  /** {@code 0{...}}: the server's first frame; the server pings every pingInterval and waits pingTimeout for the pong. */
  record Open(String sid, long pingIntervalMs, long pingTimeoutMs, long maxPayload) implements EnginePacket {}

  /** {@code 1}: the transport closes. */
  record Close() implements EnginePacket {}

  /** {@code 2}: the server's heartbeat, to be answered with {@link Pong} within pingTimeout. */
  record Ping(String data) implements EnginePacket {}

  /** {@code 3}: the answer to a ping. */
  record Pong(String data) implements EnginePacket {}

  /** {@code 4<socket.io packet>}. */
  record Message(SocketIoPacket packet) implements EnginePacket {}

  /** {@code 5}: upgrade (polling only). */
  record Upgrade() implements EnginePacket {}

  /** {@code 6}: no-op (polling only). */
  record Noop() implements EnginePacket {}

  /** The pong that answers the server's ping, echoing its data as Engine.IO does. */
  static Pong pongFor(Ping ping) {
    return new Pong(ping.data());
  }
}
