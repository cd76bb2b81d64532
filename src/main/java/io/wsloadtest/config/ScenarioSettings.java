package io.wsloadtest.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The running simulation's own settings, under {@code wsload.scenario}: a simulation declares each key by reading
 * it with its default ({@code setting("channel", "news")}), and the key is then set like any other
 * ({@code -Dwsload.scenario.channel=sports}, {@code WSLOAD_SCENARIO_CHANNEL}, a profile). A value of the wrong
 * type, and a key the simulation never read (a typo), are problems: the run is refused before load with all of
 * them, as for the kit's own keys.
 */
public final class ScenarioSettings {

  /** The section under wsload. */
  public static final String SECTION = "scenario";

  private final Config section;
  private final List<String> problems = new ArrayList<>();
  private final Set<String> declared = new TreeSet<>();
  private final Map<String, String> used = new java.util.HashMap<>();
  private final KeyReader reader;

  ScenarioSettings(Config section) {
    this.section = section;
    // Keys relative to wsload, so that problems name them in full like every other key.
    this.reader = new KeyReader(section.atPath(SECTION), problems);
  }

  /** For tests: the settings as {@code -Dwsload.scenario.KEY=VALUE} would give them. */
  public static ScenarioSettings of(Map<String, String> values) {
    return new ScenarioSettings(ConfigFactory.parseMap(values));
  }

  public String string(String key, String fallback) {
    return read(key, fallback, () -> reader.c.getString(path(key)));
  }

  public int integer(String key, int fallback) {
    return read(key, fallback, () -> reader.c.getInt(path(key)));
  }

  public long longInteger(String key, long fallback) {
    return read(key, fallback, () -> reader.c.getLong(path(key)));
  }

  public double number(String key, double fallback) {
    return read(key, fallback, () -> reader.c.getDouble(path(key)));
  }

  public boolean bool(String key, boolean fallback) {
    return read(key, fallback, () -> reader.c.getBoolean(path(key)));
  }

  public Duration duration(String key, Duration fallback) {
    return read(key, fallback, () -> reader.c.getDuration(path(key)));
  }

  /** The keys read so far with the value each has in this run, for the run's banner. */
  public synchronized Map<String, String> values() {
    return new java.util.TreeMap<>(used);
  }

  private synchronized <T> T read(String key, T fallback, java.util.function.Supplier<T> get) {
    declare(key);
    T value = section.hasPath(key) ? reader.attempt(path(key), get, fallback) : fallback;
    used.put(key, value instanceof Duration d ? format(d) : String.valueOf(value));
    return value;
  }

  private static String format(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  /**
   * Every problem: values that did not read as their type, and keys set under wsload.scenario that the
   * simulation never read, each with the closest declared key as a suggestion.
   */
  public synchronized List<String> problems() {
    List<String> all = new ArrayList<>(problems);
    for (Map.Entry<String, com.typesafe.config.ConfigValue> e : section.entrySet()) {
      if (!declared.contains(e.getKey())) {
        String known = declared.isEmpty() ? "; this simulation reads no wsload.scenario keys"
            : UnknownKeys.closest(e.getKey(), declared).map(k -> "; did you mean wsload." + path(k) + "?")
                .orElse("; this simulation reads " + String.join(", ", declared));
        all.add("wsload." + path(e.getKey()) + " (from " + e.getValue().origin().description() + "): unknown key"
            + known);
      }
    }
    return all;
  }

  /** A name this section can hold; a bad one is the simulation's bug, told at once. */
  private void declare(String key) {
    if (!key.matches("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9][A-Za-z0-9_-]*)*")) {
      throw new IllegalArgumentException("setting name '" + key + "' must be words of letters, digits, '-' or '_'"
          + " joined by '.', e.g. \"channel\" or \"subscribe.topic\"");
    }
    declared.add(key);
  }

  private static String path(String key) {
    return SECTION + "." + key;
  }
}
