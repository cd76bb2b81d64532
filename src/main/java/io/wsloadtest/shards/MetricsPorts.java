package io.wsloadtest.shards;

import io.wsloadtest.config.MetricsSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Where /metrics of each process of a launch listens. With wsload.metrics.port = 0 each takes any free port
 * (and registers it for Prometheus). With a fixed port P, forwarding P to every process made all but the first
 * fail to bind once started; instead shard i serves P+i and local server j serves P+SHARDS+j, all checked free
 * before anything starts.
 *
 * @param base the configured port, 0 for any (or metrics off)
 */
record MetricsPorts(String host, int base, int shards, int servers) {

  static MetricsPorts of(MetricsSettings metrics, int shards, int servers) {
    return new MetricsPorts(metrics.host(), metrics.enabled() ? metrics.port() : 0, shards, servers);
  }

  boolean fixed() {
    return base != 0;
  }

  int shard(int index) {
    return base + index;
  }

  int server(int index) {
    return base + shards + index;
  }

  /** Null when every port this launch needs is free on the metrics host; else a refusal naming the one that is not. */
  String busy() {
    if (!fixed()) {
      return null;
    }
    int last = base + shards + servers - 1;
    String plan = "wsload.metrics.port = " + base + ": bin/launch gives shard i port " + base + "+i and local server"
        + " j port " + base + "+" + shards + "+j (" + base + "-" + last + ")";
    if (last > 65_535) {
      return plan + ", beyond 65535; choose a lower port, or 0 for any free port";
    }
    for (int port = base; port <= last; port++) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(host, port));
      } catch (IOException e) {
        return plan + ", but " + port + " is taken on " + host + " (" + e.getMessage() + "); choose another port, or 0"
            + " for any free port";
      }
    }
    return null;
  }
}
