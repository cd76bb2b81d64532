package io.wsloadtest.simlog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every response time of a simulation.log, kept per request and per group as Gatling's assertions address
 * them (a request by its group path and name, all statuses or OK or KO alone; a group by its path, its
 * cumulated response time), so assertions can be judged on exact figures: every value counted, percentiles by
 * nearest rank, where Gatling's report estimates them (t-digest, a different p99 from one rendering to the
 * next). The run's assertions are kept as Gatling serialised them.
 */
public final class StatsByPath {

  /** A request of the log: the groups it ran in (outermost first) and its name. */
  public record RequestPath(List<String> groups, String name) {}

  /** OK, KO, or both (null): the statuses a figure counts. */
  private record Key(List<String> path, Boolean ok) {}

  private final Map<Key, RunStatistics.IntList> requests = new HashMap<>();
  private final Map<Key, RunStatistics.IntList> groupCumulated = new HashMap<>();
  /** Every request path, with when it first started and its depth: Gatling's order of "all requests". */
  private final Map<RequestPath, long[]> firstSeen = new LinkedHashMap<>();
  private final List<byte[]> assertions = new ArrayList<>();
  private long injectStart = Long.MAX_VALUE;
  private long injectEnd = Long.MIN_VALUE;

  private StatsByPath() {}

  /** Reads a whole log (streaming). */
  public static StatsByPath read(Path log) throws SimulationLogException {
    StatsByPath stats = new StatsByPath();
    try (LogReader reader = LogReader.open(log)) {
      stats.assertions.addAll(reader.header.assertions);
      for (LogRecord r = reader.next(); r != null; r = reader.next()) {
        stats.add(r);
      }
    }
    return stats;
  }

  private void add(LogRecord r) {
    switch (r.type) {
      case LogRecord.REQUEST -> {
        widen(r.start, r.end);
        List<String> groups = texts(r.groups);
        String name = sanitized(r.name.text());
        int time = (int) (r.end - r.start);
        List<String> path = new ArrayList<>(groups);
        path.add(name);
        for (List<String> p : List.of(List.copyOf(path), List.<String>of())) { // this request, and all requests
          list(requests, p, null).add(time);
          list(requests, p, r.ok).add(time);
        }
        firstSeen.putIfAbsent(new RequestPath(groups, name), new long[] {r.start, groups.isEmpty() ? 0 : groups.size() + 1});
      }
      case LogRecord.GROUP -> {
        widen(r.start, r.end);
        List<String> group = texts(r.groups);
        list(groupCumulated, group, null).add(r.cumulatedResponseTime);
        list(groupCumulated, group, r.ok).add(r.cumulatedResponseTime);
      }
      case LogRecord.USER -> {
        if (r.userStart) {
          injectStart = Math.min(injectStart, r.start);
        }
        injectEnd = Math.max(injectEnd, r.start);
      }
      default -> {
        // errors carry no response time
      }
    }
  }

  private void widen(long start, long end) {
    injectStart = Math.min(injectStart, start);
    injectEnd = Math.max(injectEnd, end);
  }

  private static RunStatistics.IntList list(Map<Key, RunStatistics.IntList> map, List<String> path, Boolean ok) {
    return map.computeIfAbsent(new Key(path, ok), k -> new RunStatistics.IntList());
  }

  /** As Gatling's report reads names: line breaks and tabs become spaces. */
  private static String sanitized(String s) {
    return s.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
  }

  private static List<String> texts(List<LogString> strings) {
    List<String> out = new ArrayList<>(strings.size());
    strings.forEach(s -> out.add(sanitized(s.text())));
    return List.copyOf(out);
  }

  /** The run's assertions, each as Gatling serialised it into the log's header. */
  public List<byte[]> assertions() {
    return assertions;
  }

  /** Every request path, in the order of their first start (outer requests before those in groups). */
  public List<RequestPath> requestPaths() {
    return firstSeen.entrySet().stream()
        .sorted(Comparator.comparingLong((Map.Entry<RequestPath, long[]> e) -> e.getValue()[0])
            .thenComparingLong(e -> e.getValue()[1]))
        .map(Map.Entry::getKey).toList();
  }

  /** True when {@code path} is a group of the log (a request path ends with a request's name instead). */
  public boolean isGroup(List<String> path) {
    return groupCumulated.containsKey(new Key(List.copyOf(path), null));
  }

  /**
   * The response times of one request ({@code name} in {@code groups}), or of all requests ({@code name} null,
   * {@code groups} empty); {@code ok} null for both statuses. Empty when there is none.
   */
  public Optional<Figures> request(List<String> groups, String name, Boolean ok) {
    List<String> path = new ArrayList<>(groups);
    if (name != null) {
      path.add(name);
    }
    return figures(requests.get(new Key(List.copyOf(path), ok)));
  }

  /** The cumulated response times of a group's executions; {@code ok} null for both statuses. */
  public Optional<Figures> groupCumulatedResponseTime(List<String> group, Boolean ok) {
    return figures(groupCumulated.get(new Key(List.copyOf(group), ok)));
  }

  private Optional<Figures> figures(RunStatistics.IntList times) {
    if (times == null || times.size() == 0) {
      return Optional.empty();
    }
    // As Gatling: the run's span in whole seconds, rounded up.
    long seconds = injectEnd > injectStart ? (long) Math.ceil((injectEnd - injectStart) / 1000.0) : 0;
    return Optional.of(new Figures(times.sorted(), seconds));
  }

  /** Exact figures of a set of response times (ms). */
  public static final class Figures {
    private final int[] sorted;
    private final long runSeconds;

    Figures(int[] sorted, long runSeconds) {
      this.sorted = sorted;
      this.runSeconds = runSeconds;
    }

    public long count() {
      return sorted.length;
    }

    public int min() {
      return sorted[0];
    }

    public int max() {
      return sorted[sorted.length - 1];
    }

    /** Rounded to the millisecond, as Gatling rounds its mean. */
    public int mean() {
      return (int) Math.round(sum() / (double) sorted.length);
    }

    /** Population standard deviation, rounded as Gatling rounds it. */
    public int stdDev() {
      double mean = sum() / (double) sorted.length;
      double squares = 0;
      for (int t : sorted) {
        squares += (t - mean) * (t - mean);
      }
      return (int) Math.round(Math.sqrt(squares / sorted.length));
    }

    /** The p-th percentile (0-100) by nearest rank: a response time that occurred. */
    public int percentile(double p) {
      return RunStatistics.IntList.nearestRank(sorted, p);
    }

    /** Responses per second over the run's whole span (Gatling's meanRequestsPerSec). */
    public double meanPerSecond() {
      return runSeconds == 0 ? sorted.length : sorted.length / (double) runSeconds;
    }

    private long sum() {
      long sum = 0;
      for (int t : sorted) {
        sum += t;
      }
      return sum;
    }
  }
}
