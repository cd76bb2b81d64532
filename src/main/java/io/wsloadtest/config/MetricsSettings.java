package io.wsloadtest.config;

import java.time.Duration;
import java.util.Set;

/**
 * Live metrics and the progress line (wsload.metrics.*), plus which shard of a run this process is
 * (wsload.shard.*), which labels every injector metric.
 *
 * @param enabled     serve /metrics over HTTP (the progress line is printed either way)
 * @param host        address the /metrics endpoint binds to
 * @param port        its port; 0 = any free port, printed at start
 * @param targetsDir  where this process registers its endpoint for Prometheus file_sd ("" = nowhere)
 * @param advertisedHost the address written there for Prometheus to scrape ("" = the bind address, or this
 *                    host's own address when bound to every interface)
 * @param linger      longest wait after the load for one more scrape, when something is scraping
 * @param progressInterval period of the progress line on stdout
 */
public record MetricsSettings(
    boolean enabled,
    String host,
    int port,
    String targetsDir,
    Duration linger,
    Duration progressInterval,
    int shardIndex,
    int shardCount,
    String advertisedHost) {

  /** Bind addresses meaning every interface: what they advertise is this host's own address. */
  public static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "[::]");

  /** Without an advertised address: the one derived from the bind address. */
  public MetricsSettings(boolean enabled, String host, int port, String targetsDir, Duration linger,
      Duration progressInterval, int shardIndex, int shardCount) {
    this(enabled, host, port, targetsDir, linger, progressInterval, shardIndex, shardCount, "");
  }

  /** Value of the shard label: the shard index, as Prometheus label values are strings. */
  public String shardLabel() {
    return Integer.toString(shardIndex);
  }

  /** wsload.metrics, for shard {@code index} of {@code count}. */
  static MetricsSettings read(KeyReader r, int index, int count) {
    boolean enabled = r.bool("metrics.enabled");
    String host = r.nonEmptyString("metrics.host");
    int port = r.integer("metrics.port", 0);
    if (port < 0 || port > 65_535) {
      r.problem("metrics.port", port, "must be a port 1-65535, or 0 for any free port (printed at start)");
    }
    String targetsDir = r.string("metrics.targets-dir", "");
    Duration linger = r.attempt("metrics.linger", () -> r.c.getDuration("metrics.linger"), Duration.ZERO);
    if (linger.isNegative()) {
      r.problem("metrics.linger", r.raw("metrics.linger"), "must be 0s or more");
    }
    String advertised = r.string("metrics.advertised-host", "").trim();
    if (WILDCARDS.contains(advertised)) {
      r.problem("metrics.advertised-host", advertised, "must be this host's address or name as Prometheus"
          + " reaches it, not a wildcard; \"\" = the bind address, or this host's own when bound to every interface");
    }
    return new MetricsSettings(enabled, host, port, targetsDir, linger, r.positiveDuration("metrics.progress-interval"),
        index, count, advertised);
  }
}
