package io.wsloadtest.config;

import java.time.Duration;

/**
 * STOMP 1.2 over WebSocket (Spring's brokers, RabbitMQ Web-STOMP, ActiveMQ...), wsload.stomp. Text values may hold
 * #{column} templates that take a user's CSV value.
 *
 * @param host the CONNECT frame's virtual host (RabbitMQ: the vhost)
 * @param login CONNECT's login ("" = none)
 * @param passcode CONNECT's passcode ("" = none)
 * @param heartBeatSend how often the client offers to send heart-beats (CONNECT heart-beat cx; zero = never)
 * @param heartBeatReceive how often it wants the broker's (cy; zero = never)
 * @param destination what subscribe() subscribes to ("/topic/ticks")
 * @param sendDestination where a request (a SEND with a receipt, timed to its RECEIPT) goes ("" = no requests)
 * @param acceptTimeout how long the broker has to answer CONNECT with CONNECTED
 */
public record StompSettings(String host, String login, String passcode, Duration heartBeatSend,
    Duration heartBeatReceive, String destination, String sendDestination, Duration acceptTimeout)
    implements ProtocolSettings {

  @Override
  public String name() {
    return "stomp";
  }

  /** What a STOMP 1.2 client offers (brokers accept v10.stomp, v11.stomp and v12.stomp). */
  @Override
  public String subprotocol() {
    return "v12.stomp";
  }

  /** The server's own keep-alive is awaited, not asked for. */
  @Override
  public boolean heartbeatAsks() {
    return false;
  }

  /** A SEND with a receipt, where a send destination is configured. */
  @Override
  public String requestName() {
    return sendDestination.isEmpty() ? "" : "send with receipt";
  }

  @Override
  public String requestProblem() {
    return LoadTestConfig.problem("stomp.send-destination", "\"\"", "echoes() SEND each payload there with a"
        + " receipt and time the RECEIPT; set one, e.g. -Dwsload.stomp.send-destination=/queue/echo");
  }

  @Override
  public String subscribeProblem() {
    return destination.isEmpty() ? LoadTestConfig.problem("stomp.destination", "\"\"",
        "subscribe() needs a destination, e.g. -Dwsload.stomp.destination=/topic/ticks") : "";
  }

  static StompSettings read(KeyReader r) {
    String host = r.string("stomp.host", "/").strip();
    if (host.isEmpty()) {
      r.problem("stomp.host", "\"\"", "must not be empty: STOMP 1.2's CONNECT names the broker's virtual host"
          + " (RabbitMQ: its vhost, \"/\" by default)");
    }
    Duration send = heartBeat(r, "stomp.heart-beat.send");
    Duration receive = heartBeat(r, "stomp.heart-beat.receive");
    return new StompSettings(host, r.string("stomp.login", ""), r.string("stomp.passcode", ""), send, receive,
        r.string("stomp.destination", "").strip(), r.string("stomp.send-destination", "").strip(),
        r.positiveDuration("stomp.accept-timeout"));
  }

  /** STOMP counts heart-beats in whole milliseconds: less than one would silently be 0, "never". */
  private static Duration heartBeat(KeyReader r, String key) {
    Duration d = r.nonNegativeDuration(key);
    if (!d.isZero() && d.toMillis() == 0) {
      r.problem(key, r.c.getValue(key).unwrapped(), "must be 0 (off) or at least 1ms: STOMP counts heart-beats in"
          + " whole milliseconds");
      return Duration.ZERO;
    }
    return d;
  }
}
