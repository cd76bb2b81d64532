package io.wsloadtest.ws;

import io.wsloadtest.gatling.GatlingInternals;

/**
 * The request names of the report, defined once: the steps write them, and everything that reads a report
 * or a simulation.log (live metrics, the launcher's console reader, the merged run's summary and figures)
 * reads them from here.
 */
public final class Requests {

  /** TCP connect + WebSocket handshake of each user's first connection. */
  public static final String CONNECT = "connect";
  /** A connection opened again after a drop or a failed connect; its OKs are the reconnections of the drop table. */
  public static final String RECONNECT = "reconnect";
  /** A heartbeat's round trip: ping to pong, or text request to its reply. */
  public static final String HEARTBEAT = "heartbeat";
  /** Connect scenario: one heartbeat after the hold proves the connection survived it. */
  public static final String ALIVE_AT_END = "alive at end";
  /** A dropped connection, KO with its cause as the message (see {@link DropCause}). */
  public static final String DROP = "drop";
  /** The orderly close by the client: at the end, or of a connection whose after-connect step failed. */
  public static final String CLOSE = "close";
  /** Echo: the message sent, and its echo received and compared. */
  public static final String ECHO_TEXT = "echo text";
  public static final String SAME_TEXT_BACK = "same text back";
  public static final String ECHO_BINARY = "echo binary";
  public static final String SAME_BYTES_BACK = "same bytes back";
  /** Push: the subscribe message sent after every connect (wsload.push.subscribe). */
  public static final String SUBSCRIBE = "subscribe";
  /** Push: the server ended a subscription with an error (KO, the server's words). */
  public static final String SUBSCRIPTION_ERROR = "subscription error";
  /** Push: each pushed message, with its delivery latency (receive time - sender's ts) as response time. */
  public static final String PUSH = "push";
  /** Push: messages missing by sequence number (KO, one record per gap) and repeated ones (KO). */
  public static final String PUSH_GAP = "push gap";
  public static final String PUSH_DUPLICATE = "push duplicate";
  /** A message that arrived while a step awaited another reply (a push, a broadcast): counted, never KO. */
  public static final String OTHER_MESSAGES = "other messages";
  /** A kit step that met an unexpected exception or linkage error: KO for that user, with the cause. */
  public static final String FAILED_STEP = GatlingInternals.JavaAction.FAILED_STEP;

  private Requests() {}

  /** A scheduled step's reply timed from when it was due, beside its usual record: "heartbeat (from schedule)". */
  public static String fromSchedule(String request) {
    return request + " (from schedule)";
  }

  /** Echo: the round trip timed from when the message was due to be sent. */
  public static final String ECHO_FROM_SCHEDULE = fromSchedule("echo");

  /** Heartbeat: the pong or reply timed from when the beat was due. */
  public static final String HEARTBEAT_FROM_SCHEDULE = fromSchedule(HEARTBEAT);

  /** A text heartbeat's send, which Gatling records apart from its reply: "heartbeat sent". */
  public static String sent(String request) {
    return request + " sent";
  }
}
