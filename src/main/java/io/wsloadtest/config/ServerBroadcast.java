package io.wsloadtest.config;

/**
 * Broadcast mode (wsload.server.broadcast.*): besides echoing, the server pushes {@code rate} messages a
 * second to every connection, as chat, game and market-data servers do. Each message is the JSON text
 * {@code {"seq":<long>,"ts":<epoch millis>,"data":"..."}}: seq counts per connection from 0, ts is the send
 * time, data is {@code dataBytes} characters of filler.
 *
 * @param rate messages per second to each connection; 0 = off
 * @param dataBytes length of the data field
 * @param subscribe a client text taken as a subscription: accepted without an echo (pushes go to every
 *     connection whether it subscribes or not, so clients that do not are served too)
 */
public record ServerBroadcast(double rate, int dataBytes, String subscribe) {

  public static final String DEFAULT_SUBSCRIBE = "{\"type\":\"subscribe\"}";
  public static final ServerBroadcast OFF = new ServerBroadcast(0, 16, DEFAULT_SUBSCRIBE);

  public boolean enabled() {
    return rate > 0;
  }

  /** Time between two pushes to a connection. */
  public long periodNanos() {
    return Math.max(1, Math.round(1_000_000_000L / rate));
  }

  @Override
  public String toString() {
    return enabled() ? String.format("%s messages/s to every connection, data %d bytes, subscribe %s",
        rate % 1 == 0 ? String.valueOf((long) rate) : String.valueOf(rate), dataBytes, subscribe) : "off";
  }

  /** wsload.server.broadcast. */
  static ServerBroadcast read(KeyReader r) {
    double rate = r.number("server.broadcast.rate", 0.0);
    if (rate < 0 || rate > 1000) {
      r.problem("server.broadcast.rate", rate, "must be 0 (off) to 1000 messages a second to each connection, e.g. 10");
      rate = 0;
    }
    int dataBytes = r.nonNegativeInt("server.broadcast.data-bytes", "must be 0 or more");
    return new ServerBroadcast(rate, dataBytes, r.nonEmptyString("server.broadcast.subscribe"));
  }
}
