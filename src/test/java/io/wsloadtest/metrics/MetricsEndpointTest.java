package io.wsloadtest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wsloadtest.config.MetricsSettings;
import java.net.InetAddress;
import java.net.NetworkInterface;
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
    Path targetFile;
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(settings(0, dir.toString()), registry, "injector")) {
      targetFile = endpoint.targetFile();
      assertEquals(dir.resolve("injector-" + ScrapeTarget.thisHost() + "-" + ProcessHandle.current().pid() + ".json"),
          targetFile);
      ScrapeTarget.Registered r = ScrapeTarget.read(dir).get(0);
      assertEquals(endpoint.url(), r.url());
      assertEquals("127.0.0.1:" + endpoint.port(), r.address());
      assertEquals(ProcessHandle.current().pid(), r.pid());
      MetricsText m = MetricsText.scrape(endpoint.url());
      assertEquals(100, m.sum(InjectorMetrics.PLANNED, "shard", "3"));
    }
    assertFalse(Files.exists(targetFile), "removed at close");
  }

  /** Bound to every interface, with the address Prometheus is to use: that address is registered and answers. */
  @Test
  void boundToEveryInterfaceItRegistersTheAdvertisedAddress(@TempDir Path dir) throws Exception {
    MetricsSettings s = new MetricsSettings(true, "0.0.0.0", 0, dir.toString(), Duration.ZERO, Duration.ofSeconds(5),
        0, 1, "127.0.0.2");
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(s, new PrometheusRegistry(), "server")) {
      assertEquals("http://127.0.0.2:" + endpoint.port() + "/metrics", endpoint.url());
      assertEquals("127.0.0.2:" + endpoint.port(), ScrapeTarget.read(dir).get(0).address());
      assertEquals(1, MetricsText.scrape(endpoint.url()).sum(MetricsEndpoint.SCRAPES));
    }
  }

  /** Without one, it registers an address of this host, never the wildcard (not scraped: it may not be loopback). */
  @Test
  void boundToEveryInterfaceWithoutAnAdvertisedAddressItRegistersOneOfThisHost(@TempDir Path dir) throws Exception {
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(new MetricsSettings(true, "0.0.0.0", 0, dir.toString(),
        Duration.ZERO, Duration.ofSeconds(5), 0, 1), new PrometheusRegistry(), "injector")) {
      String address = ScrapeTarget.read(dir).get(0).address();
      String host = address.substring(0, address.lastIndexOf(':')).replace("[", "").replace("]", "");
      InetAddress ip = InetAddress.getByName(host);
      assertFalse(ip.isAnyLocalAddress(), address);
      assertTrue(ip.isLoopbackAddress() || NetworkInterface.getByInetAddress(ip) != null,
          address + " is an address of this host");
    }
  }

  @Test
  void aFolderThatCannotBeWrittenIsRefusedNamingTheKey(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> MetricsEndpoint.start(settings(0, file.toString()), new PrometheusRegistry(), "injector"));
    assertTrue(e.getMessage().startsWith("wsload.metrics.targets-dir = " + file + ": cannot register /metrics for"
        + " Prometheus in " + file), e.getMessage());
    assertTrue(e.getMessage().contains("monitoring/prometheus.yml"), e.getMessage());
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
