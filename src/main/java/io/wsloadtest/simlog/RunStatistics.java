package io.wsloadtest.simlog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

// ---------------------------------------------------------------------------------------------
// RunStatistics
// ---------------------------------------------------------------------------------------------

/**
 * Counts per log, comparable across files: the merged log's summary must equal the sum of the
 * shards' summaries (except runStart/version fields, which {@link #sameCounts} ignores).
 */
public final class RunStatistics {
  String gatlingVersion;
  String simulationClass;
  long runStart;
  /** Key: "group1 / group2 / request name" (Gatling's display path); value: [ok, ko]. */
  public final Map<String, long[]> requests = new TreeMap<>();
  /** Key: scenario name; value: [started, ended]. */
  public final Map<String, long[]> users = new TreeMap<>();
  /** KO request messages plus crash (Error record) messages, as in the report's error table. */
  public final Map<String, Long> errors = new TreeMap<>();
  /** Key: group path; value: [ok, ko]. */
  public final Map<String, long[]> groups = new TreeMap<>();
  /** Key: request path; value: [first start, last end] of its OK responses (epoch millis). */
  public final Map<String, long[]> okSpans = new TreeMap<>();
  /** Key: request path; value: response times (ms) of its OK responses, in log order. */
  final Map<String, IntList> okTimes = new TreeMap<>();
  private long activeUsers;
  /** When a WebSocket connection opened (OK connect or reconnect) and when one ended (close, lost link). */
  private final LongList opened = new LongList();
  private final LongList ended = new LongList();
  /** When each first connect (OK or KO) started: how evenly the injection opened connections. */
  private final LongList connectStarts = new LongList();
  /** Most virtual users alive at once in this log (for a summed summary: the largest of the parts). */
  long peakActiveUsers;
  /** Earliest and latest absolute event time (epoch millis) found in the records. */
  long firstEventTime = Long.MAX_VALUE;
  long lastEventTime = Long.MIN_VALUE;

  public String gatlingVersion() {
    return gatlingVersion;
  }

  public String simulationClass() {
    return simulationClass;
  }

  public long runStart() {
    return runStart;
  }

  public long firstEventTime() {
    return firstEventTime;
  }

  public long lastEventTime() {
    return lastEventTime;
  }

  /** The p-th percentile (0-100) of a request's OK response times in ms, or -1 when it has none. */
  public int percentile(String request, double p) {
    IntList times = okTimes.get(request);
    return times == null ? -1 : times.percentile(p);
  }

  /** OK count of one request name (0 when absent). */
  public long ok(String request) {
    return requests.getOrDefault(request, new long[2])[0];
  }

  /** KO count of one request name (0 when absent). */
  public long ko(String request) {
    return requests.getOrDefault(request, new long[2])[1];
  }

  /** Most virtual users alive at once (each shard's peak for a summed summary; a merged log's run-wide peak). */
  public long peakActiveUsers() {
    return peakActiveUsers;
  }

  /**
   * Most WebSocket connections open at the same moment, from the request records: an OK "connect" or
   * "reconnect" opens one when it ends; a "close" ends one when it starts; a "drop" whose cause is a lost
   * link (server close, abnormal close, heartbeat timeout) ends one; a drop for a failed connect ended none.
   * Summed summaries combine the times of all parts, so this is the run-wide figure.
   */
  public long peakOpen() {
    long[] opens = opened.sorted();
    long[] ends = ended.sorted();
    long open = 0;
    long peak = 0;
    int j = 0;
    for (long at : opens) {
      while (j < ends.length && ends[j] <= at) { // an end at the same millisecond goes first
        open--;
        j++;
      }
      peak = Math.max(peak, ++open);
    }
    return peak;
  }

  /**
   * Most first connects started within any one second (a sliding window of 1,000 ms): with a rate injection
   * this is the planned rate when users arrive on time, and above it when a late start catches up in a burst.
   */
  public long peakConnectStartsPerSecond() {
    long[] starts = connectStarts.sorted();
    long peak = 0;
    int from = 0;
    for (int i = 0; i < starts.length; i++) {
      while (starts[i] - starts[from] >= 1000) {
        from++;
      }
      peak = Math.max(peak, i - from + 1);
    }
    return peak;
  }

  private static boolean lostLink(String dropCause) {
    return dropCause.startsWith("server close ") || dropCause.equals("abnormal close 1006")
        || dropCause.equals("heartbeat timeout");
  }

  public long totalOk() {
    return requests.values().stream().mapToLong(v -> v[0]).sum();
  }

  public long totalKo() {
    return requests.values().stream().mapToLong(v -> v[1]).sum();
  }

  /** Adds another summary's counts to this one (e.g. to sum shards). Returns this. */
  public RunStatistics plus(RunStatistics other) {
    if (simulationClass == null) {
      simulationClass = other.simulationClass;
      gatlingVersion = other.gatlingVersion;
      runStart = other.runStart;
    } else {
      runStart = Math.min(runStart, other.runStart);
    }
    firstEventTime = Math.min(firstEventTime, other.firstEventTime);
    lastEventTime = Math.max(lastEventTime, other.lastEventTime);
    other.requests.forEach((k, v) -> addPair(requests, k, v[0], v[1]));
    other.okSpans.forEach((k, v) -> {
      long[] span = okSpans.computeIfAbsent(k, x -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
      span[0] = Math.min(span[0], v[0]);
      span[1] = Math.max(span[1], v[1]);
    });
    other.okTimes.forEach((k, v) -> okTimes.computeIfAbsent(k, x -> new IntList()).addAll(v));
    opened.addAll(other.opened);
    connectStarts.addAll(other.connectStarts);
    ended.addAll(other.ended);
    other.users.forEach((k, v) -> addPair(users, k, v[0], v[1]));
    other.groups.forEach((k, v) -> addPair(groups, k, v[0], v[1]));
    other.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
    return this;
  }

  /** True when both summaries have identical request, user, group and error counts. */
  public boolean sameCounts(RunStatistics other) {
    return pairsEqual(requests, other.requests)
        && pairsEqual(users, other.users)
        && pairsEqual(groups, other.groups)
        && errors.equals(other.errors);
  }

  private void add(LogRecord r, LogHeader h) {
    firstEventTime = Math.min(firstEventTime, r.start);
    lastEventTime = Math.max(lastEventTime, Math.max(r.start, r.end));
    switch (r.type) {
      case LogRecord.REQUEST:
        String request = path(r.groups, r.name.text());
        addPair(requests, request, r.ok ? 1 : 0, r.ok ? 0 : 1);
        if (r.ok) {
          long[] span = okSpans.computeIfAbsent(request, k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
          span[0] = Math.min(span[0], r.start);
          span[1] = Math.max(span[1], r.end);
          okTimes.computeIfAbsent(request, k -> new IntList()).add((int) (r.end - r.start));
        }
        // Gatling's report only lists non-blank messages (trimToOption).
        String message = r.message.text();
        String name = r.name.text();
        if (r.groups.isEmpty() && name.equals("connect")) {
          connectStarts.add(r.start);
        }
        if (r.ok && r.groups.isEmpty() && (name.equals("connect") || name.equals("reconnect"))) {
          opened.add(r.end);
        } else if (name.equals("close")) {
          ended.add(r.start);
        } else if (name.equals("drop") && lostLink(message)) {
          ended.add(r.end);
        }
        if (!message.isBlank()) {
          errors.merge(message, 1L, Long::sum);
        }
        break;
      case LogRecord.USER:
        String scenario = h.scenarios.get(r.scenario).text();
        addPair(users, scenario, r.userStart ? 1 : 0, r.userStart ? 0 : 1);
        // Records are written in time order (a merged log is sorted), so a running count gives the peak.
        activeUsers += r.userStart ? 1 : -1;
        peakActiveUsers = Math.max(peakActiveUsers, activeUsers);
        break;
      case LogRecord.GROUP:
        addPair(groups, path(r.groups, null), r.ok ? 1 : 0, r.ok ? 0 : 1);
        break;
      case LogRecord.ERROR:
        errors.merge(r.message.text(), 1L, Long::sum);
        break;
      default:
        throw new IllegalStateException("unexpected record type " + r.type);
    }
  }

  private static String path(List<LogString> groups, String last) {
    List<String> parts = new ArrayList<>();
    for (LogString g : groups) {
      parts.add(g.text());
    }
    if (last != null) {
      parts.add(last);
    }
    return String.join(" / ", parts);
  }

  private static void addPair(Map<String, long[]> map, String key, long a, long b) {
    long[] v = map.computeIfAbsent(key, k -> new long[2]);
    v[0] += a;
    v[1] += b;
  }

  private static boolean pairsEqual(Map<String, long[]> a, Map<String, long[]> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    for (Map.Entry<String, long[]> e : a.entrySet()) {
      if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append("simulation ").append(simulationClass).append(" (Gatling ").append(gatlingVersion)
        .append("), run start ").append(runStart).append(", events ").append(firstEventTime)
        .append("..").append(lastEventTime).append('\n');
    sb.append("requests total ok=").append(totalOk()).append(" ko=").append(totalKo()).append('\n');
    requests.forEach((k, v) -> sb.append("  request '").append(k).append("' ok=").append(v[0])
        .append(" ko=").append(v[1]).append('\n'));
    groups.forEach((k, v) -> sb.append("  group '").append(k).append("' ok=").append(v[0])
        .append(" ko=").append(v[1]).append('\n'));
    users.forEach((k, v) -> sb.append("  scenario '").append(k).append("' started=").append(v[0])
        .append(" ended=").append(v[1]).append('\n'));
    errors.forEach((k, v) -> sb.append("  error '").append(k).append("' x").append(v).append('\n'));
    return sb.toString();
  }

  /** Reads a whole log (streaming) and counts what the Gatling report would count. */
  public static RunStatistics read(Path log) throws SimulationLogException {
    return read(log, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /**
   * Reads a log counting only the request, group and error records that started within [fromMillis, toMillis]
   * (epoch millis), e.g. the hold of a capacity level without its ramp. User records are all counted.
   */
  public static RunStatistics read(Path log, long fromMillis, long toMillis) throws SimulationLogException {
    try (LogReader reader = LogReader.open(log)) {
      RunStatistics summary = new RunStatistics();
      summary.gatlingVersion = reader.header.gatlingVersion;
      summary.simulationClass = reader.header.simulationClass;
      summary.runStart = reader.header.start;
      for (LogRecord r = reader.next(); r != null; r = reader.next()) {
        if (r.type == LogRecord.USER || (r.start >= fromMillis && r.start <= toMillis)) {
          summary.add(r, reader.header);
        }
      }
      return summary;
    }
  }

  /** A growable int array: response times of large runs without boxing. */
  static final class IntList {
    private int[] values = new int[64];
    private int size;

    void add(int v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    void addAll(IntList other) {
      for (int i = 0; i < other.size; i++) {
        add(other.values[i]);
      }
    }

    int size() {
      return size;
    }

    int[] sorted() {
      int[] sorted = Arrays.copyOf(values, size);
      Arrays.sort(sorted);
      return sorted;
    }

    int percentile(double p) {
      return nearestRank(sorted(), p);
    }

    /** The p-th percentile (0-100) of sorted values by nearest rank: the smallest value with p% at or below it. */
    static int nearestRank(int[] sorted, double p) {
      int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }
  }

  /** A growable long array: event times of large runs without boxing. */
  static final class LongList {
    private long[] values = new long[64];
    private int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    void addAll(LongList other) {
      for (int i = 0; i < other.size; i++) {
        add(other.values[i]);
      }
    }

    long[] sorted() {
      long[] out = Arrays.copyOf(values, size);
      Arrays.sort(out);
      return out;
    }
  }
}
