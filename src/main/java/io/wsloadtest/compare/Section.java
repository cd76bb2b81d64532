package io.wsloadtest.compare;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One section of the wsload configuration (e.g. wsload.compare, wsload.capacity), layered as every wsload key
 * is: -D system properties, WSLOAD_* environment variables, the selected profile, application.conf, then
 * reference.conf's defaults. Typed getters record a problem naming the key instead of throwing, and keys the
 * section does not define in reference.conf are problems too, with the closest known key.
 */
public final class Section {

  private static final String ROOT = "wsload";

  private final String name;
  private final Config config;
  private final List<String> problems = new ArrayList<>();

  private Section(String name, Config config) {
    this.name = name;
    this.config = config;
  }

  /** The section {@code wsload.NAME} of this JVM's configuration. */
  public static Section read(String name) {
    return read(name, System.getProperties(), System.getenv());
  }

  public static Section read(String name, Properties systemProperties, Map<String, String> env) {
    Config files = ConfigFactory.parseResourcesAnySyntax("application")
        .withFallback(ConfigFactory.parseResourcesAnySyntax("reference"));
    Config overrides = overrides(systemProperties, env);
    String profile = overrides.withFallback(files).getString(ROOT + ".profile");
    String profilePath = ROOT + ".profiles." + ConfigUtil.joinPath(profile);
    Config profileConfig = files.hasPath(profilePath) ? files.getConfig(profilePath) : ConfigFactory.empty();
    Config all = overrides.withFallback(profileConfig.atPath(ROOT)).withFallback(files).resolve();
    Section section = new Section(name, all.getConfig(ROOT + "." + name));
    section.checkKeys(files.getConfig(ROOT + "." + name));
    return section;
  }

  /** -D wsload.* keys (and -Dprofile) over WSLOAD_* variables: WSLOAD_COMPARE_MAX__P99__INCREASE = wsload.compare.max-p99-increase. */
  private static Config overrides(Properties systemProperties, Map<String, String> env) {
    Map<String, Object> fromEnv = new HashMap<>();
    env.forEach((k, v) -> {
      if (k.startsWith("WSLOAD_") && k.length() > "WSLOAD_".length()) {
        String key = k.substring("WSLOAD_".length()).toLowerCase(Locale.ROOT)
            .replace("__", "\0").replace('_', '.').replace('\0', '-');
        fromEnv.put(ROOT + "." + key, v);
      }
    });
    Map<String, Object> fromProps = new HashMap<>();
    for (String k : systemProperties.stringPropertyNames()) {
      if (k.startsWith(ROOT + ".")) {
        fromProps.put(k, systemProperties.getProperty(k));
      } else if (k.equals("profile")) {
        fromProps.put(ROOT + ".profile", systemProperties.getProperty(k));
      }
    }
    return ConfigFactory.parseMap(fromProps, "system properties")
        .withFallback(ConfigFactory.parseMap(fromEnv, "environment variables"));
  }

  private void checkKeys(Config defaults) {
    Set<String> known = defaults.entrySet().stream().map(Map.Entry::getKey).collect(Collectors.toSet());
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
      if (!known.contains(e.getKey())) {
        problems.add(key(e.getKey()) + " (from " + e.getValue().origin().description() + "): unknown key"
            + closest(e.getKey(), known).map(k -> "; did you mean " + key(k) + "?").orElse(""));
      }
    }
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** The full key: wsload.SECTION.KEY. */
  public String key(String key) {
    return ROOT + "." + name + "." + key;
  }

  /** "wsload.SECTION.KEY = VALUE: WHAT", the form of every problem of the kit. */
  public void problem(String key, Object value, String what) {
    problems.add(key(key) + " = " + value + ": " + what);
  }

  /** The value as written, for messages. */
  public String raw(String key) {
    return config.hasPath(key) ? String.valueOf(config.getValue(key).unwrapped()).trim() : "";
  }

  /** A whole number greater than 0. */
  public long positiveLong(String key) {
    Long v = number(key, () -> config.getLong(key));
    if (v == null || v <= 0) {
      problem(key, raw(key), "must be a whole number greater than 0");
      return 1;
    }
    return v;
  }

  /** A number at least 0, e.g. a limit in percent or per minute. */
  public double nonNegative(String key) {
    Double v = number(key, () -> config.getDouble(key));
    if (v == null || v < 0) {
      problem(key, raw(key), "must be a number, 0 or more");
      return 0;
    }
    return v;
  }

  /** Empty when the value is ""; otherwise a duration greater than zero. {@code empty} says what "" means. */
  public Optional<Duration> optionalDuration(String key, String empty) {
    if (raw(key).isEmpty()) {
      return Optional.empty();
    }
    try {
      Duration d = config.getDuration(key);
      if (d.isZero() || d.isNegative()) {
        problem(key, raw(key), "must be a duration greater than zero, such as 100ms or 2s (\"\" = " + empty + ")");
        return Optional.empty();
      }
      return Optional.of(d);
    } catch (ConfigException e) {
      problem(key, raw(key), "must be a duration such as 100ms or 2s (\"\" = " + empty + ")");
      return Optional.empty();
    }
  }

  /** A duration greater than zero. */
  public Duration duration(String key, Duration fallback) {
    if (raw(key).isEmpty()) {
      problem(key, "\"\"", "must be a duration such as 10s");
      return fallback;
    }
    return optionalDuration(key, "not allowed").orElse(fallback);
  }

  /** Empty when the value is "" (not judged); otherwise a number at least 0, with or without a trailing %. */
  public OptionalDouble optionalNumber(String key, String example) {
    String raw = raw(key);
    if (raw.isEmpty()) {
      return OptionalDouble.empty();
    }
    try {
      double v = Double.parseDouble(raw.endsWith("%") ? raw.substring(0, raw.length() - 1).trim() : raw);
      if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
        throw new NumberFormatException();
      }
      return OptionalDouble.of(v);
    } catch (NumberFormatException e) {
      problem(key, raw, "must be a number, 0 or more, such as " + example + " (\"\" = not judged)");
      return OptionalDouble.empty();
    }
  }

  /** A HOCON list, or a comma-separated string as given on the command line. */
  public List<String> list(String key) {
    if (!config.hasPath(key)) {
      return List.of();
    }
    if (config.getValue(key).valueType() == ConfigValueType.LIST) {
      return config.getList(key).stream().map(v -> String.valueOf(v.unwrapped()).trim()).toList();
    }
    String raw = raw(key);
    return raw.isEmpty() ? List.of() : java.util.Arrays.stream(raw.split(",")).map(String::trim).toList();
  }

  private <T> T number(String key, java.util.function.Supplier<T> get) {
    try {
      return get.get();
    } catch (ConfigException e) {
      return null;
    }
  }

  private static Optional<String> closest(String key, Set<String> known) {
    return known.stream().filter(k -> editDistance(k, key) <= 3)
        .min((a, b) -> editDistance(a, key) - editDistance(b, key));
  }

  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int[] cur = new int[b.length() + 1];
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      prev = cur;
    }
    return prev[b.length()];
  }
}
