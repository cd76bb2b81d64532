package io.wsloadtest.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongSupplier;

/**
 * The echo server's metrics: open and accepted connections, WebSocket frames by direction and type,
 * closes by code. Counted by {@code io.wsloadtest.server.FrameMetricsHandler} on the server's pipeline.
 */
public final class ServerMetrics {

  public static final String OPEN = "wsload_server_connections_open";
  public static final String ACCEPTED = "wsload_server_connections_accepted_total";
  public static final String FRAMES = "wsload_server_frames_total";
  public static final String CLOSES = "wsload_server_closes_total";

  private final Counter frames;
  private final Counter closes;

  /** Registers the metrics; open and accepted are read from the server's own connection counter. */
  public ServerMetrics(PrometheusRegistry registry, LongSupplier open, LongSupplier accepted) {
    GaugeWithCallback.builder().name(OPEN).help("TCP connections open on the echo server")
        .callback(cb -> cb.call(open.getAsLong())).register(registry);
    CounterWithCallback.builder().name(ACCEPTED).help("TCP connections the echo server accepted")
        .callback(cb -> cb.call(accepted.getAsLong())).register(registry);
    frames = Counter.builder().name(FRAMES)
        .help("WebSocket frames by direction (in, out) and type (text, binary, continuation, ping, pong, close)")
        .labelNames("direction", "type").register(registry);
    closes = Counter.builder().name(CLOSES)
        .help("Connections ended, by close code and who sent the close frame (client, server); "
            + "code 1006 by none = the TCP connection ended without a close frame")
        .labelNames("code", "by").register(registry);
    // Exported as 0 from the start: rate() counts nothing of a series whose first sample already holds a burst
    // (every client closing at the end of a run, between two scrapes).
    for (String direction : new String[] {"in", "out"}) {
      for (String type : new String[] {"text", "binary", "continuation", "ping", "pong", "close"}) {
        frames.initLabelValues(direction, type);
      }
    }
    closes.initLabelValues("1000", "client"); // the orderly end of a run
    closes.initLabelValues("1006", "none"); // links lost without a close frame
  }

  public void frame(String direction, String type) {
    frames.labelValues(direction, type).inc();
  }

  public void closed(int code, String by) {
    closes.labelValues(Integer.toString(code), by).inc();
  }
}
