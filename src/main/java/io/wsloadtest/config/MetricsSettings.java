package io.wsloadtest.config;

import java.time.Duration;

/**
 * Live metrics and the progress line (wsload.metrics.*), plus which shard of a run this process is
 * (wsload.shard.*), which labels every injector metric.
 *
 * @param enabled     serve /metrics over HTTP (the progress line is printed either way)
 * @param host        address the /metrics endpoint binds to
 * @param port        its port; 0 = any free port, printed at start
 * @param targetsDir  where this process registers its endpoint for Prometheus file_sd ("" = nowhere)
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
    int shardCount) {

  /** Value of the shard label: the shard index, as Prometheus label values are strings. */
  public String shardLabel() {
    return Integer.toString(shardIndex);
  }
}
