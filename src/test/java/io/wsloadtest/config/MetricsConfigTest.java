package io.wsloadtest.config;

import static io.wsloadtest.config.LoadTestConfigTest.load;
import static io.wsloadtest.config.LoadTestConfigTest.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** wsload.metrics.* and wsload.shard.*: defaults, overrides, and refusals that name key, value and fix. */
class MetricsConfigTest {

  @Test
  void defaultsServeMetricsOnAFreeLoopbackPort() {
    MetricsSettings m = load().metrics();
    assertTrue(m.enabled());
    assertEquals("127.0.0.1", m.host());
    assertEquals(0, m.port());
    assertEquals("/tmp/wsload-prometheus-targets", m.targetsDir(), "absolute: the folder monitoring/prometheus.yml reads");
    assertEquals("", m.advertisedHost());
    assertEquals(Duration.ofSeconds(15), m.linger());
    assertEquals(Duration.ofSeconds(5), m.progressInterval());
    assertEquals("0", m.shardLabel());
  }

  @Test
  void offSwitchPortAndShardFromPropertiesAndEnvironment() {
    MetricsSettings m = load(Map.of("WSLOAD_METRICS_PORT", "9464", "WSLOAD_SHARD_INDEX", "2"),
        "wsload.metrics.enabled", "false", "wsload.shard.count", "4", "wsload.metrics.progress-interval", "10s").metrics();
    assertFalse(m.enabled());
    assertEquals(9464, m.port());
    assertEquals("2", m.shardLabel());
    assertEquals(Duration.ofSeconds(10), m.progressInterval());
  }

  @Test
  void aWildcardIsNoAddressToAdvertise() {
    assertEquals("wsload.metrics.advertised-host = 0.0.0.0: must be this host's address or name as Prometheus reaches"
        + " it, not a wildcard; \"\" = the bind address, or this host's own when bound to every interface",
        problem("wsload.metrics.advertised-host", "0.0.0.0"));
    assertEquals("10.1.2.3", load(Map.of("WSLOAD_METRICS_ADVERTISED__HOST", "10.1.2.3")).metrics().advertisedHost());
  }

  @Test
  void portOutOfRangeIsRefused() {
    assertEquals("wsload.metrics.port = 70000: must be a port 1-65535, or 0 for any free port (printed at start)",
        problem("wsload.metrics.port", "70000"));
  }

  @Test
  void shardIndexMustBeBelowCount() {
    assertEquals("wsload.shard.index = 3: must be between 0 and wsload.shard.count - 1 (2)",
        problem("wsload.shard.index", "3", "wsload.shard.count", "3"));
  }

  @Test
  void progressIntervalMustBePositive() {
    assertEquals("wsload.metrics.progress-interval = 0s: must be a duration greater than zero, such as 30s, 5m or 500ms",
        problem("wsload.metrics.progress-interval", "0s"));
  }

  @Test
  void misspelledMetricsKeyGetsASuggestion() {
    assertTrue(problem("wsload.metrics.prot", "9000").endsWith("did you mean wsload.metrics.port?"),
        problem("wsload.metrics.prot", "9000"));
  }
}
