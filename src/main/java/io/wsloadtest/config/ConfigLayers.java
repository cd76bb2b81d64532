package io.wsloadtest.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Stacks the configuration sources, highest precedence first:
 * -D system properties (with short aliases), WSLOAD_* environment variables, the selected profile,
 * application.conf, reference.conf.
 */
final class ConfigLayers {

  static final String ROOT = "wsload";
  /** -Dusers=N is -Dwsload.users=N, and so on for the everyday knobs. */
  static final Set<String> ALIASES = Set.of("profile", "target", "users", "ramp", "hold");
  static final String ENV_PREFIX = "WSLOAD_";
  static final String JOB_COMPLETION_INDEX = "JOB_COMPLETION_INDEX";

  private ConfigLayers() {}

  /** Everything but the profile layer: overrides on top of application.conf and reference.conf. */
  static Config overrides(Properties systemProperties, Map<String, String> env) {
    Map<String, Object> fromEnv = new HashMap<>();
    // A Kubernetes Indexed Job numbers its pods 0..completions-1: that number is the shard index.
    if (env.containsKey(JOB_COMPLETION_INDEX)) {
      fromEnv.put(ROOT + ".shard.index", env.get(JOB_COMPLETION_INDEX));
    }
    env.forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
        fromEnv.put(ROOT + "." + envToKey(name.substring(ENV_PREFIX.length())), value);
      }
    });
    Map<String, Object> fromProps = new HashMap<>();
    systemProperties.stringPropertyNames().forEach(name -> {
      if (name.startsWith(ROOT + ".")) {
        fromProps.put(name, systemProperties.getProperty(name));
      } else if (ALIASES.contains(name)) {
        fromProps.put(ROOT + "." + name, systemProperties.getProperty(name));
      }
    });
    return ConfigFactory.parseMap(fromProps, "system properties")
        .withFallback(ConfigFactory.parseMap(fromEnv, "environment variables"));
  }

  /** WSLOAD_HEARTBEAT_INTERVAL -> heartbeat.interval; MAX__KO__PERCENT -> max-ko-percent. */
  static String envToKey(String name) {
    return name.toLowerCase(Locale.ROOT).replace("__", "\0").replace('_', '.').replace('\0', '-');
  }

  static Config files() {
    return ConfigFactory.parseResourcesAnySyntax("application")
        .withFallback(ConfigFactory.parseResourcesAnySyntax("reference"));
  }

  /** The final configuration: overrides, then the profile named by the result, then the files. */
  static Config stack(Config overrides, Config files, Config profile) {
    return overrides
        .withFallback(profile.atPath(ROOT))
        .withFallback(files)
        .withValue(ROOT + ".profiles", ConfigValueFactory.fromMap(Map.of()))
        .resolve();
  }
}
