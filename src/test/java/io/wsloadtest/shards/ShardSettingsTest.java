package io.wsloadtest.shards;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsloadtest.config.LoadTestConfig;
import io.wsloadtest.preflight.CheckedConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * wsload.shard.ready-timeout and warm-up-users are read as every other key: -D, then the environment, then the
 * profile, then the defaults. Before, a profile's value was silently ignored (they were read from -D, the
 * environment and reference.conf only).
 */
class ShardSettingsTest {

  static LoadTestConfig load(Map<String, String> props, Map<String, String> env) {
    Properties p = new Properties();
    p.putAll(Map.of("profile", "100k-pods", "target", "ws://10.1.2.3:9001/echo")); // a server outside, as in a pod
    p.putAll(props);
    return CheckedConfig.load(p, env, 1_048_576);
  }

  @Test
  void aProfilesShardSettingsApply() {
    assertEquals(Duration.ofMinutes(5), load(Map.of(), Map.of()).shard().readyTimeout(), "the 100k-pods profile's");
    assertEquals(1000, load(Map.of(), Map.of()).shard().warmUpUsers(), "the default");
  }

  @Test
  void theEnvironmentAndDashDStillBeatTheProfile() {
    assertEquals(Duration.ofSeconds(90),
        load(Map.of(), Map.of("WSLOAD_SHARD_READY__TIMEOUT", "90s")).shard().readyTimeout());
    assertEquals(Duration.ofSeconds(30), load(Map.of("wsload.shard.ready-timeout", "30s"),
        Map.of("WSLOAD_SHARD_READY__TIMEOUT", "90s")).shard().readyTimeout());
    assertEquals(0, load(Map.of(), Map.of("WSLOAD_SHARD_WARM__UP__USERS", "0")).shard().warmUpUsers());
  }
}
