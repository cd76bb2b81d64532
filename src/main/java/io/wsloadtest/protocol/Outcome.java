package io.wsloadtest.protocol;

/** How one exchange ended (a handshake, a heartbeat, a subscribe, a request): told exactly once, on the event loop. */
public interface Outcome {

  /** It succeeded; the reply arrived at this time of the connection's clock. */
  void ok(long atMillis);

  /** It failed; the message quotes the server where the server answered ("stomp ERROR: Access refused"). */
  void failed(String message);
}
