package io.wsloadtest.server;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wsloadtest.config.InvalidConfigException;
import io.wsloadtest.config.LoadTestConfig;
import io.wsloadtest.config.MetricsSettings;
import io.wsloadtest.config.ServerSettings;
import io.wsloadtest.metrics.MetricsEndpoint;
import io.wsloadtest.preflight.CheckedConfig;
import io.wsloadtest.preflight.OsLimits;
import java.util.concurrent.CountDownLatch;

/**
 * The echo server as its own process (bin/echo-server), so several processes can hold more connections
 * than one process's open-files limit allows. Settings come from wsload.server.* (-D, WSLOAD_SERVER_*).
 */
public final class EchoServerMain {

  private EchoServerMain() {}

  public static void main(String[] args) throws Exception {
    ServerSettings settings;
    MetricsSettings metricsSettings;
    int warmUp;
    try {
      LoadTestConfig.ServerProcess config = CheckedConfig.loadServerProcess();
      settings = config.server();
      metricsSettings = config.metrics();
      warmUp = config.warmUpConnections();
    } catch (InvalidConfigException e) {
      System.err.println(e.getMessage());
      System.exit(3);
      return;
    }
    if (warmUp > 0) {
      long t0 = System.nanoTime();
      int warmed = ServerWarmUp.run(settings, warmUp);
      System.out.printf("echo server warm-up: %d of %d throw-away clients echoed, pinged and closed in %.1f s%n",
          warmed, warmUp, (System.nanoTime() - t0) / 1e9);
    }
    PrometheusRegistry registry = new PrometheusRegistry();
    EchoServer server = new EchoServer(settings, registry);
    MetricsEndpoint metrics = null;
    try {
      server.start();
      if (metricsSettings.enabled()) {
        metrics = MetricsEndpoint.start(metricsSettings, registry, "server");
      }
    } catch (IllegalStateException e) {
      server.close();
      System.err.println(e.getMessage());
      System.exit(3);
      return;
    }
    MetricsEndpoint endpoint = metrics;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (endpoint != null) {
        endpoint.close();
      }
      server.close();
      System.out.printf("echo server stopped: accepted %d, peak open %d, by route %s%n",
          server.connections().accepted(), server.connections().peak(), server.connections().acceptedByRoute());
      stopped.countDown();
    }));
    long limit = OsLimits.openFilesLimit();
    System.out.printf("echo server listening on %s (pid %d, open-files limit %d: room for about %d connections)%n",
        String.join(", ", server.urls()), ProcessHandle.current().pid(), limit, OsLimits.socketsPerProcess(limit));
    System.out.printf("echo server: at most %d connections at once (wsload.server.max-connections), handshake"
        + " deadline %d ms%n", server.maxConnections(), settings.handshakeTimeout().toMillis());
    if (server.selfSignedCertificate() != null) {
      System.out.printf("echo server: TLS with a self-signed certificate; clients trust it with"
          + " -Dwsload.tls.trust-store=%s%n", server.selfSignedCertificate());
    }
    if (settings.broadcast().enabled()) {
      System.out.println("echo server broadcast: " + settings.broadcast());
    }
    if (settings.faults().any()) {
      System.out.println("echo server faults on purpose: " + settings.faults());
    }
    System.out.println(endpoint == null ? "metrics: off (wsload.metrics.enabled = false)" : "metrics: " + endpoint.url());
    System.out.flush();
    long lastOpen = -1;
    while (!stopped.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
      long open = server.connections().open();
      if (open != lastOpen) {
        System.out.printf("echo server: %d open, %d accepted, peak %d%n",
            open, server.connections().accepted(), server.connections().peak());
        lastOpen = open;
      }
    }
  }
}
