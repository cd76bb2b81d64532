package io.wsloadtest.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Typed getters over the wsload section that record a problem, and return a fallback, instead of throwing: each
 * settings record reads its own keys with them, so every problem of a configuration is reported at once.
 * Keys are relative to wsload ("heartbeat.interval"); problems name them in full.
 */
class KeyReader {

  final Config c;
  final List<String> problems;

  KeyReader(Config c, List<String> problems) {
    this.c = c;
    this.problems = problems;
  }

  /** The value as written, for messages; "(missing)" when absent. */
  Object raw(String key) {
    return c.hasPath(key) ? c.getValue(key).unwrapped() : "(missing)";
  }

  int positiveInt(String key, String example) {
    if (c.hasPath(key) && c.getValue(key).valueType() == ConfigValueType.STRING
        && !String.valueOf(c.getValue(key).unwrapped()).trim().matches("[+-]?\\d+")) {
      problem(key, c.getValue(key).unwrapped(), "must be a number: a whole number greater than 0 (e.g. " + example + ")");
      return 1;
    }
    int v = attempt(key, () -> c.getInt(key), 1);
    if (v <= 0) {
      problem(key, v, "must be a whole number greater than 0 (e.g. " + example + ")");
    }
    return v;
  }

  /** A whole number 0 or more; {@code what} says what 0 means when it is out of range. */
  int nonNegativeInt(String key, String what) {
    int v = attempt(key, () -> c.getInt(key), 0);
    if (v < 0) {
      problem(key, v, what);
      return 0;
    }
    return v;
  }

  int integer(String key, int fallback) {
    return attempt(key, () -> c.getInt(key), fallback);
  }

  double number(String key, double fallback) {
    return attempt(key, () -> c.getDouble(key), fallback);
  }

  double positiveDouble(String key) {
    double v = attempt(key, () -> c.getDouble(key), 1.0);
    if (v <= 0) {
      problem(key, v, "must be a number greater than 0");
    }
    return v;
  }

  Duration positiveDuration(String key) {
    Duration d = attempt(key, () -> c.getDuration(key), null);
    if (d != null && (d.isZero() || d.isNegative())) {
      problem(key, c.getValue(key).unwrapped(), "must be a duration greater than zero, such as 30s, 5m or 500ms");
      return Duration.ofSeconds(1);
    }
    return d == null ? Duration.ofSeconds(1) : d;
  }

  /** Zero allowed (it means "off" for the fault keys). */
  Duration nonNegativeDuration(String key) {
    Duration d = attempt(key, () -> c.getDuration(key), Duration.ZERO);
    if (d.isNegative()) {
      problem(key, c.getValue(key).unwrapped(), "must be 0 (off) or a duration such as 500ms or 2s");
      return Duration.ZERO;
    }
    return d;
  }

  boolean bool(String key) {
    return attempt(key, () -> c.getBoolean(key), false);
  }

  String string(String key, String fallback) {
    return attempt(key, () -> c.getString(key), fallback);
  }

  String nonEmptyString(String key) {
    String s = string(key, "");
    if (s.isEmpty() && c.hasPath(key)) {
      problem(key, "\"\"", "must not be empty");
    }
    return s;
  }

  /** One of an enum's constants, written in lower case with '-' for '_' ("at-once" is AT_ONCE). */
  <E extends Enum<E>> E choice(String key, E fallback, String what) {
    String name = string(key, configName(fallback));
    for (E e : fallback.getDeclaringClass().getEnumConstants()) {
      if (configName(e).equals(name)) {
        return e;
      }
    }
    problem(key, name, what);
    return fallback;
  }

  static String configName(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** True when {@code value} compiles as a regular expression; a problem on {@code key} when not. */
  boolean regex(String key, String value) {
    try {
      Pattern.compile(value);
      return true;
    } catch (PatternSyntaxException e) {
      problem(key, value, "is not a valid regular expression: " + e.getDescription());
      return false;
    }
  }

  /** A HOCON list, or a comma-separated string as given on the command line. */
  List<String> stringList(String key) {
    return attempt(key, () -> {
      if (c.getValue(key).valueType() == ConfigValueType.LIST) {
        return c.getList(key).stream().map(v -> String.valueOf(v.unwrapped()).trim()).toList();
      }
      String raw = String.valueOf(c.getValue(key).unwrapped()).trim();
      return raw.isEmpty() ? List.<String>of() : Arrays.stream(raw.split(",")).map(String::trim).toList();
    }, List.of());
  }

  <T> T attempt(String key, Supplier<T> get, T fallback) {
    try {
      return get.get();
    } catch (ConfigException.Missing e) {
      problem(key, "(missing)", "is required");
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      Object raw = c.hasPath(key) ? c.getValue(key).unwrapped() : "?";
      problem(key, raw, describe(e));
    } catch (IllegalArgumentException e) {
      problem(key, c.hasPath(key) ? c.getValue(key).unwrapped() : "?", e.getMessage());
    }
    return fallback;
  }

  private static String describe(ConfigException e) {
    String m = e.getMessage();
    if (m.contains("NUMBER")) return "must be a number";
    if (m.contains("BOOLEAN")) return "must be true or false";
    if (m.contains("duration") || m.contains("time unit")) return "must be a duration such as 30s, 5m or 500ms";
    return m.replaceFirst("^.*?: ", "");
  }

  void problem(String key, Object value, String what) {
    problems.add(LoadTestConfig.problem(key, value, what));
  }
}
