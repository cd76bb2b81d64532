package io.wsloadtest.protocol;

/** How one exchange ended (a handshake, a heartbeat, a subscribe, a request): told exactly once, on the event loop. */
public interface Outcome {

  /** It succeeded; the reply arrived at this time of the connection's clock. */
  void ok(long atMillis);

  /**
   * It succeeded at {@code atMillis}, and what it measures began at {@code fromMillis}, after the call: a wait for
   * the server's next keep-alive is the server's from when that keep-alive was due, not from when it was asked for.
   */
  default void ok(long fromMillis, long atMillis) {
    ok(atMillis);
  }

  /** It failed; the message quotes the server where the server answered ("stomp ERROR: Access refused"). */
  void failed(String message);
}
