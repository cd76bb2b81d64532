package io.wsloadtest.capacity;

import io.wsloadtest.compare.Section;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * wsload.capacity, read and checked: the levels to step through, the bisection's resolution, the hold, the injector
 * limits and the SLOs. Every problem names its key.
 *
 * @param stepLevels the levels of the stepping phase, increasing: the explicit list, or start, next, ... max
 * @param hold empty = 3 heartbeat intervals (known once the run's configuration is)
 */
public record CapacitySettings(Dimension dimension, List<Long> stepLevels, boolean listed, long resolution,
    Optional<Duration> hold, Duration rateDuration, double maxInjectorCpuPercent, double maxInjectorCpuWaitPercent,
    double maxInjectorGcPercent, List<Slo> slos) {

  /** More stepping levels than this is a typo (step 1 up to 20,000), not a plan. */
  static final int MAX_LEVELS = 100;

  public static CapacitySettings read(Properties systemProperties, Map<String, String> env, List<String> problems) {
    Section s = Section.read("capacity", systemProperties, env);
    Dimension dimension = Dimension.CONNECTIONS;
    try {
      dimension = Dimension.parse(s.raw("dimension"));
    } catch (IllegalArgumentException e) {
      s.problem("dimension", s.raw("dimension"), e.getMessage());
    }
    boolean listed = !s.list("levels").isEmpty();
    List<Long> levels = listed ? listed(s) : stepped(s);
    long resolution = resolution(s);
    Optional<Duration> hold = s.optionalDuration("hold", "3 heartbeat intervals");
    Duration rateDuration = s.duration("rate-duration", Duration.ofSeconds(10));
    double cpu = positivePercent(s, "max-injector-cpu-percent");
    // Not judged unless set: busy hosts show high waits on threads that still answer in time.
    double cpuWait = s.optionalNumber("max-injector-cpu-wait-percent", "80").orElse(Double.POSITIVE_INFINITY);
    double gc = positivePercent(s, "max-injector-gc-percent");
    List<Slo> slos = slos(s);
    problems.addAll(s.problems());
    return new CapacitySettings(dimension, levels, listed, resolution, hold, rateDuration, cpu, cpuWait, gc,
        slos);
  }

  /** The key that sets the largest level, for messages about it. */
  String largestLevelKey() {
    return listed ? "wsload.capacity.levels" : "wsload.capacity.max";
  }

  private static List<Long> stepped(Section s) {
    long start = s.positiveLong("start");
    long max = s.positiveLong("max");
    String step = s.raw("step");
    if (max < start) {
      s.problem("max", max, "must be at least wsload.capacity.start (" + start + ")");
      return List.of(start);
    }
    List<Long> levels = new ArrayList<>();
    try {
      if (step.startsWith("x")) {
        double factor = Double.parseDouble(step.substring(1));
        if (!(factor > 1)) {
          throw new NumberFormatException();
        }
        for (long l = start; l < max && levels.size() <= MAX_LEVELS; l = Math.max(l + 1, (long) Math.ceil(l * factor))) {
          levels.add(l);
        }
      } else {
        long add = Long.parseLong(step);
        if (add <= 0) {
          throw new NumberFormatException();
        }
        for (long l = start; l < max && levels.size() <= MAX_LEVELS; l += add) {
          levels.add(l);
        }
      }
    } catch (NumberFormatException e) {
      s.problem("step", step, "must be a whole number greater than 0 (added per level) or a factor above 1 written"
          + " x2 (multiplied per level)");
      return List.of(start);
    }
    levels.add(max); // the last level is max itself: a search that never breaks proves max
    if (levels.size() > MAX_LEVELS) {
      s.problem("step", step, "makes more than " + MAX_LEVELS + " levels from " + start + " to " + max
          + "; use a larger step, a factor (x2), or list the levels (wsload.capacity.levels)");
    }
    return List.copyOf(levels);
  }

  private static List<Long> listed(Section s) {
    List<Long> levels = new ArrayList<>();
    for (String v : s.list("levels")) {
      long level;
      try {
        level = Long.parseLong(v);
      } catch (NumberFormatException e) {
        level = -1;
      }
      if (level <= 0 || (!levels.isEmpty() && level <= levels.get(levels.size() - 1))) {
        s.problem("levels", s.list("levels"), "must be whole numbers greater than 0, each larger than the one before;"
            + " '" + v + "' is not");
        return List.of(1L);
      }
      levels.add(level);
    }
    if (levels.size() > MAX_LEVELS) {
      s.problem("levels", levels.size() + " levels", "at most " + MAX_LEVELS);
    }
    return List.copyOf(levels);
  }

  private static long resolution(Section s) {
    long r;
    try {
      r = Long.parseLong(s.raw("resolution"));
    } catch (NumberFormatException e) {
      r = 0;
    }
    if (r <= 0) {
      s.problem("resolution", s.raw("resolution"), "must be a whole number greater than 0: the bisection stops once the"
          + " last good and the first bad level are at most this far apart");
      return 1;
    }
    return r;
  }

  private static double positivePercent(Section s, String key) {
    String raw = s.raw(key);
    try {
      double v = Double.parseDouble(raw.endsWith("%") ? raw.substring(0, raw.length() - 1).trim() : raw);
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    s.problem(key, raw.isEmpty() ? "\"\"" : raw, "must be a number greater than 0, such as 90");
    return 100;
  }

  private static List<Slo> slos(Section s) {
    List<Slo> slos = new ArrayList<>();
    for (SloKind kind : SloKind.values()) {
      String key = "slo." + kind.key;
      String raw = s.raw(key);
      if (kind.latency()) {
        s.optionalDuration(key, "not judged").ifPresent(d -> slos.add(new Slo(kind, d.toNanos() / 1e6, raw)));
      } else {
        s.optionalNumber(key, kind == SloKind.KO_PERCENT ? "1" : "10").ifPresent(v -> slos.add(new Slo(kind, v, raw)));
      }
    }
    boolean anyWritten = java.util.Arrays.stream(SloKind.values()).anyMatch(k -> !s.raw("slo." + k.key).isEmpty());
    if (!anyWritten) {
      s.problem("slo", "{}", "no objective is set, so no level could fail; set at least one, e.g."
          + " -Dwsload.capacity.slo.heartbeat-p99=100ms");
    }
    return List.copyOf(slos);
  }
}
