package io.wsloadtest.capacity;

import io.wsloadtest.config.LoadTestConfig;
import io.wsloadtest.preflight.CheckedConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The -D settings of a level's run: the user's own, less those the level decides (users, hold, rate, echo
 * interval), plus the level's. Also the level's configuration as its shards will read it.
 */
final class LevelPlanner {

  private final Map<String, String> userProperties;
  private final Map<String, String> env;
  private final Dimension dimension;
  private final Duration hold;
  private final Duration rateDuration;
  private final int configuredUsers;

  LevelPlanner(Map<String, String> userProperties, Map<String, String> env, Dimension dimension, Duration hold,
      Duration rateDuration, int configuredUsers) {
    this.userProperties = Map.copyOf(userProperties);
    this.env = env;
    this.dimension = dimension;
    this.hold = hold;
    this.rateDuration = rateDuration;
    this.configuredUsers = configuredUsers;
  }

  Duration hold() {
    return hold;
  }

  Map<String, String> properties(long level) {
    Map<String, String> p = new LinkedHashMap<>(userProperties);
    Dimension.LEVEL_KEYS.forEach(p::remove);
    p.putAll(dimension.settings(level, hold, rateDuration, configuredUsers));
    return p;
  }

  /** The level's whole configuration, checked as a launcher checks it (throws InvalidConfigException). */
  LoadTestConfig config(long level) {
    Properties p = new Properties();
    p.putAll(properties(level));
    return CheckedConfig.load(p, env, Long.MAX_VALUE);
  }

  /** How long the level's users take to arrive: its hold starts then. */
  Duration injection(long level) {
    LoadTestConfig c = config(level);
    return c.injection().duration(c.users());
  }
}
