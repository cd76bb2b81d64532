package io.wsloadtest.metrics;

import static io.gatling.javaapi.core.CoreDsl.exec;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.wsloadtest.ws.Liveness;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live metrics of one Gatling JVM. Each WebSocket action of a scenario is wrapped in a step that records
 * its outcome as Gatling decided it (the session's failed flag right after the action), so the counters
 * equal the OK/KO counts of the report. Latencies are timed around the action here, within a few ms of
 * Gatling's own figures.
 *
 * <p>Every metric carries {@code shard} and {@code target} (the URL the user connects to) labels.
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

  /** Histogram buckets from 1 ms to 10 s: loopback handshakes take ~1 ms, overload shows as seconds. */
  private static final double[] LATENCY_BUCKETS =
      {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  // Session attributes of the wrapping steps.
  private static final String STARTED = "wsload.metrics.started";
  private static final String WAS_FAILED = "wsload.metrics.wasFailed";
  private static final String OPEN_ON = "wsload.metrics.openOn";
  private static final String TARGET = "target";

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
        .labelNames("shard", "target").register(registry);
    attempts = Counter.builder().name(ATTEMPTS)
        .help("Connection attempts, kind = connect (first) or reconnect, status = ok or ko")
        .labelNames("shard", "target", "kind", "status").register(registry);
    handshake = latency(registry, HANDSHAKE, "TCP connect + WebSocket handshake time of successful connects",
        "kind");
    sent = Counter.builder().name(SENT).help("Messages sent, type = heartbeat or echo")
        .labelNames("shard", "target", "type").register(registry);
    received = Counter.builder().name(RECEIVED).help("Expected replies received in time, type = heartbeat or echo")
        .labelNames("shard", "target", "type").register(registry);
    heartbeats = Counter.builder().name(HEARTBEATS)
        .help("Heartbeats by outcome: ok = right reply in time, missed = no reply in time, wrong reply or dead link")
        .labelNames("shard", "target", "status").register(registry);
    heartbeatRtt = latency(registry, HEARTBEAT_RTT, "Heartbeat round trip of answered heartbeats");
    echoes = Counter.builder().name(ECHOES).help("Echo exchanges by outcome: ok = same payload back in time, ko")
        .labelNames("shard", "target", "status").register(registry);
    echoRtt = latency(registry, ECHO_RTT, "Echo round trip of successful echoes");
    closes = Counter.builder().name(CLOSES).help("Orderly closes at the end of the run, status = ok or ko")
        .labelNames("shard", "target", "status").register(registry);
    drops = Counter.builder().name(DROPS)
        .help("Connections given up as dead by the injector, by cause (e.g. heartbeat missed)")
        .labelNames("shard", "target", "cause").register(registry);
  }

  private static Histogram latency(PrometheusRegistry registry, String name, String help, String... extraLabels) {
    String[] labels = new String[2 + extraLabels.length];
    labels[0] = "shard";
    labels[1] = "target";
    System.arraycopy(extraLabels, 0, labels, 2, extraLabels.length);
    // Classic buckets only: histogram_quantile() over them works in every Prometheus and Grafana.
    return Histogram.builder().name(name).help(help).classicOnly().classicUpperBounds(LATENCY_BUCKETS)
        .labelNames(labels).register(registry);
  }

  // --- steps for the scenarios ------------------------------------------------------------------

  /** A user's first connect: counts the attempt (the ramp's progress) and its handshake time. */
  public ChainBuilder connect(ActionBuilder connect) {
    return timed(connect, (s, ok, seconds) -> connected(s, ok, seconds, "connect"));
  }

  /** A reconnect after a dead link. */
  public ChainBuilder reconnect(ActionBuilder connect) {
    return timed(connect, (s, ok, seconds) -> connected(s, ok, seconds, "reconnect"));
  }

  /** A heartbeat with its awaited reply. */
  public ChainBuilder heartbeat(ActionBuilder beat) {
    return timed(beat, (s, ok, seconds) -> {
      String t = target(s);
      sent.labelValues(shard, t, "heartbeat").inc();
      heartbeats.labelValues(shard, t, ok ? "ok" : "missed").inc();
      if (ok) {
        received.labelValues(shard, t, "heartbeat").inc();
        heartbeatRtt.labelValues(shard, t).observe(seconds);
      } else {
        heartbeatMisses.increment();
        ko.increment();
      }
      return s;
    });
  }

  /** An echo message with its awaited, compared echo. */
  public ChainBuilder echo(ActionBuilder echo) {
    return timed(echo, (s, ok, seconds) -> {
      String t = target(s);
      sent.labelValues(shard, t, "echo").inc();
      echoes.labelValues(shard, t, ok ? "ok" : "ko").inc();
      if (ok) {
        received.labelValues(shard, t, "echo").inc();
        echoRtt.labelValues(shard, t).observe(seconds);
      } else {
        ko.increment();
      }
      return s;
    });
  }

  /** The orderly close at the end. */
  public ChainBuilder close(ActionBuilder close) {
    return timed(close, (s, ok, seconds) -> {
      closes.labelValues(shard, target(s), ok ? "ok" : "ko").inc();
      if (!ok) {
        ko.increment();
      }
      return notOpen(s);
    });
  }

  /** Counts the drop a liveness step just recorded (its cause is in the session): the link is no longer open. */
  public ChainBuilder dropsSeen() {
    return exec(s -> {
      if (!s.contains(Liveness.DROPPED)) {
        return s;
      }
      drops.labelValues(shard, target(s), s.getString(Liveness.DROPPED)).inc();
      return notOpen(s).remove(Liveness.DROPPED);
    });
  }

  // --- plumbing ---------------------------------------------------------------------------------

  @FunctionalInterface
  private interface Outcome {
    Session record(Session session, boolean ok, double seconds);
  }

  /**
   * Runs {@code action} with a clean failed flag so its own outcome can be read afterwards, then restores
   * a failure from before: exitHereIfFailed and the scenarios' doIf(isFailed) behave as without metrics.
   */
  private ChainBuilder timed(ActionBuilder action, Outcome outcome) {
    return exec(
        exec(s -> s.set(STARTED, System.nanoTime()).set(WAS_FAILED, s.isFailed()).markAsSucceeded()),
        exec(action),
        exec(s -> {
          double seconds = (System.nanoTime() - s.getLong(STARTED)) / 1e9;
          Session after = outcome.record(s, !s.isFailed(), seconds);
          return s.getBoolean(WAS_FAILED) ? after.markAsFailed() : after;
        }));
  }

  private Session connected(Session s, boolean ok, double seconds, String kind) {
    String t = target(s);
    attempts.labelValues(shard, t, kind, ok ? "ok" : "ko").inc();
    if (kind.equals("connect")) {
      arrived.increment();
    }
    if (!ok) {
      ko.increment();
      return s;
    }
    connectsOk.increment();
    handshake.labelValues(shard, t, kind).observe(seconds);
    if (s.contains(OPEN_ON)) {
      return s; // already counted open (a reconnect without the close step): do not count it twice
    }
    open.labelValues(shard, t).inc();
    openTotal.incrementAndGet();
    return s.set(OPEN_ON, t);
  }

  private Session notOpen(Session s) {
    if (!s.contains(OPEN_ON)) {
      return s;
    }
    open.labelValues(shard, s.getString(OPEN_ON)).dec();
    openTotal.decrementAndGet();
    return s.remove(OPEN_ON);
  }

  private static String target(Session s) {
    String t = s.getString(TARGET);
    return t == null ? "" : t;
  }

  /** Current totals for the progress line. */
  public ProgressLine.Snapshot snapshot() {
    return new ProgressLine.Snapshot(System.currentTimeMillis(), plannedUsers, openTotal.get(), arrived.sum(),
        connectsOk.sum(), ko.sum(), heartbeatMisses.sum());
  }
}
