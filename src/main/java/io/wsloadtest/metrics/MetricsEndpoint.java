package io.wsloadtest.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wsloadtest.config.MetricsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves one registry at http://HOST:PORT/metrics and registers the address Prometheus can reach
 * ({@link AdvertisedHost}) for its file-based service discovery: one file per process in
 * wsload.metrics.targets-dir ({@link ScrapeTarget}), removed again on close.
 */
public final class MetricsEndpoint implements AutoCloseable {

  /** Name of the scrape counter every endpoint adds to its registry. */
  public static final String SCRAPES = "wsload_metrics_scrapes_total";

  private final HTTPServer server;
  private final String hostPort;
  private final Path targetFile;
  private final AtomicLong scrapes;

  private MetricsEndpoint(HTTPServer server, String hostPort, Path targetFile, AtomicLong scrapes) {
    this.server = server;
    this.hostPort = hostPort;
    this.targetFile = targetFile;
    this.scrapes = scrapes;
  }

  /**
   * Starts the endpoint. {@code role} ("injector" or "server") becomes a Prometheus target label, so
   * dashboards can tell the processes apart.
   *
   * @throws IllegalStateException naming the key to change when the port cannot be bound or the target not
   *     registered
   */
  public static MetricsEndpoint start(MetricsSettings settings, PrometheusRegistry registry, String role) {
    // Collected once per scrape: tells whether anybody is scraping, and when the next scrape has begun.
    AtomicLong scrapes = new AtomicLong();
    CounterWithCallback.builder().name(SCRAPES).help("Scrapes of this /metrics endpoint")
        .callback(cb -> cb.call(scrapes.incrementAndGet())).register(registry);
    HTTPServer server;
    try {
      server = HTTPServer.builder().hostname(settings.host()).port(settings.port()).registry(registry).buildAndStart();
    } catch (IOException e) {
      throw new IllegalStateException("wsload.metrics.port = " + settings.port() + ": cannot serve /metrics on "
          + settings.host() + ":" + settings.port() + " (" + e.getMessage() + "); choose another port, 0 for any"
          + " free port, or switch metrics off with -Dwsload.metrics.enabled=false", e);
    }
    String hostPort = AdvertisedHost.withPort(AdvertisedHost.of(settings), server.getPort());
    Path targetFile = null;
    if (!settings.targetsDir().isBlank()) {
      Path dir = Path.of(settings.targetsDir()).toAbsolutePath();
      try {
        targetFile = ScrapeTarget.register(dir, hostPort, role);
      } catch (IOException e) {
        server.close();
        throw new IllegalStateException("wsload.metrics.targets-dir = " + settings.targetsDir() + ": cannot register"
            + " /metrics for Prometheus in " + dir + " (" + e + "); point it at a folder this user can write, and"
            + " monitoring/prometheus.yml at the same folder, or set it to \"\" not to register", e);
      }
    }
    return new MetricsEndpoint(server, hostPort, targetFile, scrapes);
  }

  /**
   * When something has been scraping this endpoint, waits (at most {@code max}) until two more scrapes have
   * begun, so the final values of a run are in Prometheus: it starts a target's next scrape only after the
   * previous one was stored. Without any scrape so far it returns at once.
   *
   * @return true when that scrape was seen
   */
  public boolean awaitNextScrape(Duration max) throws InterruptedException {
    long seen = scrapes.get();
    if (seen == 0 || max.isZero()) {
      return false;
    }
    long deadline = System.nanoTime() + max.toNanos();
    while (scrapes.get() < seen + 2) {
      if (System.nanoTime() >= deadline) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  public int port() {
    return server.getPort();
  }

  /** Where Prometheus scrapes it: the advertised address, as registered. */
  public String url() {
    return "http://" + hostPort + "/metrics";
  }

  /** Its file_sd registration, null when wsload.metrics.targets-dir is "". */
  public Path targetFile() {
    return targetFile;
  }

  @Override
  public void close() {
    server.close();
    if (targetFile != null) {
      try {
        Files.deleteIfExists(targetFile);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
