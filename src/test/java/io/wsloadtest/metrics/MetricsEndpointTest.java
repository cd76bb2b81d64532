package io.wsloadtest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wsloadtest.config.MetricsSettings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsEndpointTest {

  static MetricsSettings settings(int port, String targetsDir) {
    return new MetricsSettings(true, "127.0.0.1", port, targetsDir, Duration.ZERO, Duration.ofSeconds(5), 0, 1);
  }

  @Test
  void busyPortIsRefusedNamingTheKeyAndTheFix() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> MetricsEndpoint.start(settings(taken.getLocalPort(), ""), new PrometheusRegistry(), "injector"));
      assertTrue(e.getMessage().startsWith("wsload.metrics.port = " + taken.getLocalPort() + ": cannot serve /metrics"),
          e.getMessage());
      assertTrue(e.getMessage().contains("-Dwsload.metrics.enabled=false"), e.getMessage());
    }
  }

  @Test
  void injectorCountersAreServedWithShardAndTargetLabels(@TempDir Path dir) throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    new InjectorMetrics(registry, "3", 100);
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(settings(0, dir.toString()), registry, "injector")) {
      assertTrue(Files.exists(dir.resolve("injector-" + ProcessHandle.current().pid() + ".json")));
      MetricsText m = MetricsText.scrape(endpoint.url());
      assertEquals(100, m.sum(InjectorMetrics.PLANNED, "shard", "3"));
    }
  }

  @Test
  void waitsForOneMoreScrapeOnlyWhenSomethingScrapes() throws Exception {
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(settings(0, ""), new PrometheusRegistry(), "injector")) {
      assertFalse(endpoint.awaitNextScrape(Duration.ofSeconds(30)), "nobody scraped: no wait");
      assertEquals(1, MetricsText.scrape(endpoint.url()).sum(MetricsEndpoint.SCRAPES));
      Thread scraper = new Thread(() -> {
        try {
          Thread.sleep(200);
          MetricsText.scrape(endpoint.url());
          MetricsText.scrape(endpoint.url());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      scraper.start();
      assertTrue(endpoint.awaitNextScrape(Duration.ofSeconds(30)), "the scrapes after the call were seen");
      scraper.join();
      assertFalse(endpoint.awaitNextScrape(Duration.ofMillis(300)), "no further scrape within the limit");
    }
  }
}
