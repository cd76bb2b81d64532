package io.wsloadtest.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wsloadtest.ws.Requests;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live metrics of one Gatling JVM, fed with every request record Gatling writes ({@link #onResponse}): the
 * counters equal the OK/KO counts of the report, the latencies are Gatling's own response times.
 *
 * <p>Every metric carries a {@code shard} label.
 */
public final class InjectorMetrics {

  // Metric names, also used by the dashboard and its test.
  public static final String OPEN = "wsload_connections_open";
  public static final String PLANNED = "wsload_users_planned";
  public static final String ATTEMPTS = "wsload_connection_attempts_total";
  public static final String HANDSHAKE = "wsload_handshake_duration_seconds";
  public static final String SENT = "wsload_messages_sent_total";
  public static final String RECEIVED = "wsload_messages_received_total";
  public static final String HEARTBEATS = "wsload_heartbeats_total";
  public static final String HEARTBEAT_RTT = "wsload_heartbeat_rtt_seconds";
  public static final String ECHOES = "wsload_echoes_total";
  public static final String ECHO_RTT = "wsload_echo_rtt_seconds";
  public static final String CLOSES = "wsload_closes_total";
  public static final String DROPS = "wsload_drops_total";
  public static final String REQUESTS = "wsload_requests_total";
  public static final String PUSH_LATENCY = "wsload_push_latency_seconds";

  /** Histogram buckets from 1 ms to 10 s: loopback handshakes take ~1 ms, overload shows as seconds. */
  private static final double[] LATENCY_BUCKETS =
      {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final String shard;
  private final long plannedUsers;
  private final Gauge open;
  private final Counter attempts;
  private final Histogram handshake;
  private final Counter sent;
  private final Counter received;
  private final Counter heartbeats;
  private final Histogram heartbeatRtt;
  private final Counter echoes;
  private final Histogram echoRtt;
  private final Counter closes;
  private final Counter drops;
  private final Counter requests;
  private final Histogram pushLatency;

  // Totals for the progress line, without reading back the labelled series.
  private final AtomicLong openTotal = new AtomicLong();
  private final LongAdder arrived = new LongAdder();
  private final LongAdder connectsOk = new LongAdder();
  private final LongAdder ko = new LongAdder();
  private final LongAdder heartbeatMisses = new LongAdder();

  public InjectorMetrics(PrometheusRegistry registry, String shard, long plannedUsers) {
    this.shard = shard;
    this.plannedUsers = plannedUsers;
    Gauge.builder().name(PLANNED).help("Users (connections) this injector is set to open")
        .labelNames("shard").register(registry).labelValues(shard).set(plannedUsers);
    open = Gauge.builder().name(OPEN).help("WebSocket connections open now (connected and not yet closed)")
        .labelNames("shard").register(registry);
    attempts = Counter.builder().name(ATTEMPTS)
        .help("Connection attempts, kind = connect (first) or reconnect, status = ok or ko")
        .labelNames("shard", "kind", "status").register(registry);
    handshake = latency(registry, HANDSHAKE, "TCP connect + WebSocket handshake time of successful connects",
        "kind");
    sent = Counter.builder().name(SENT).help("Messages sent, type = heartbeat or echo")
        .labelNames("shard", "type").register(registry);
    received = Counter.builder().name(RECEIVED).help("Expected replies (heartbeat, echo) and pushes received, by type")
        .labelNames("shard", "type").register(registry);
    heartbeats = Counter.builder().name(HEARTBEATS)
        .help("Heartbeats by outcome: ok = right reply in time, missed = no reply in time, wrong reply or dead link")
        .labelNames("shard", "status").register(registry);
    heartbeatRtt = latency(registry, HEARTBEAT_RTT, "Heartbeat round trip of answered heartbeats");
    echoes = Counter.builder().name(ECHOES).help("Echo exchanges by outcome: ok = same payload back in time, ko")
        .labelNames("shard", "status").register(registry);
    echoRtt = latency(registry, ECHO_RTT, "Echo round trip of successful echoes");
    closes = Counter.builder().name(CLOSES).help("Orderly closes at the end of the run, status = ok or ko")
        .labelNames("shard", "status").register(registry);
    drops = Counter.builder().name(DROPS)
        .help("Lost links, by cause (= report request drop, by message)")
        .labelNames("shard", "cause").register(registry);
    requests = Counter.builder().name(REQUESTS)
        .help("Every request record of the report, by request name and status = ok or ko")
        .labelNames("shard", "request", "status").register(registry);
    pushLatency = latency(registry, PUSH_LATENCY, "Push delivery latency: receive time minus the sender's timestamp");
    initOutcomes();
  }

  /**
   * Outcomes and messages that have not happened yet are exported as 0, not missing, so a failure panel reads 0
   * rather than "No data", and rate() counts the first burst too: it counts nothing of a series whose first
   * sample already holds it (Prometheus' instrumentation advice).
   */
  private void initOutcomes() {
    open.labelValues(shard).set(0);
    for (String type : new String[] {"heartbeat", "echo"}) {
      sent.initLabelValues(shard, type);
    }
    for (String type : new String[] {"heartbeat", "echo", "push", "other"}) {
      received.initLabelValues(shard, type);
    }
    for (String status : new String[] {"ok", "ko"}) {
      attempts.initLabelValues(shard, Requests.CONNECT, status);
      attempts.initLabelValues(shard, Requests.RECONNECT, status);
      echoes.initLabelValues(shard, status);
      closes.initLabelValues(shard, status);
    }
    heartbeats.initLabelValues(shard, "ok");
    heartbeats.initLabelValues(shard, "missed");
  }

  private static Histogram latency(PrometheusRegistry registry, String name, String help, String... extraLabels) {
    String[] labels = new String[1 + extraLabels.length];
    labels[0] = "shard";
    System.arraycopy(extraLabels, 0, labels, 1, extraLabels.length);
    // Classic buckets only: histogram_quantile() over them works in every Prometheus and Grafana.
    return Histogram.builder().name(name).help(help).classicOnly().classicUpperBounds(LATENCY_BUCKETS)
        .labelNames(labels).register(registry);
  }

  // --- fed by every request record Gatling writes (see io.wsloadtest.gatling.StatsTap) ----------

  /**
   * One request record, as the report has it. Known request names feed their own metrics; every record
   * feeds {@code wsload_requests_total}, so a step a scenario adds is counted without further code.
   */
  public void onResponse(String request, boolean ok, long start, long end, String message) {
    String status = ok ? "ok" : "ko";
    double seconds = Math.max(0, end - start) / 1e3;
    requests.labelValues(shard, request, status).inc();
    if (!ok) {
      ko.increment();
    }
    switch (request) {
      case Requests.CONNECT, Requests.RECONNECT -> {
        attempts.labelValues(shard, request, status).inc();
        if (request.equals(Requests.CONNECT)) {
          arrived.increment();
        }
        if (ok) {
          connectsOk.increment();
          handshake.labelValues(shard, request).observe(seconds);
          open.labelValues(shard).inc();
          openTotal.incrementAndGet();
        }
      }
      case Requests.HEARTBEAT -> {
        sent.labelValues(shard, "heartbeat").inc();
        heartbeats.labelValues(shard, ok ? "ok" : "missed").inc();
        if (ok) {
          received.labelValues(shard, "heartbeat").inc();
          heartbeatRtt.labelValues(shard).observe(seconds);
        } else {
          heartbeatMisses.increment();
        }
      }
      case Requests.SAME_TEXT_BACK, Requests.SAME_BYTES_BACK -> {
        sent.labelValues(shard, "echo").inc();
        echoes.labelValues(shard, status).inc();
        if (ok) {
          received.labelValues(shard, "echo").inc();
          echoRtt.labelValues(shard).observe(seconds);
        }
      }
      case Requests.PUSH -> {
        received.labelValues(shard, "push").inc();
        pushLatency.labelValues(shard).observe(seconds);
      }
      case Requests.OTHER_MESSAGES -> received.labelValues(shard, "other").inc();
      case Requests.CLOSE -> {
        closes.labelValues(shard, status).inc();
        notOpen();
      }
      case Requests.DROP -> {
        drops.labelValues(shard, message == null ? "unknown" : message).inc();
        notOpen();
      }
      default -> { }
    }
  }

  /** A lost or closed link: it was counted open when its connect succeeded. */
  private void notOpen() {
    open.labelValues(shard).dec();
    openTotal.decrementAndGet();
  }

  /** Current totals for the progress line. */
  public ProgressLine.Snapshot snapshot() {
    return new ProgressLine.Snapshot(System.currentTimeMillis(), plannedUsers, openTotal.get(), arrived.sum(),
        connectsOk.sum(), ko.sum(), heartbeatMisses.sum());
  }
}
