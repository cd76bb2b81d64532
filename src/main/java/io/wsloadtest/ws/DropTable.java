package io.wsloadtest.ws;

import io.wsloadtest.simlog.RunStatistics;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lost connections by cause, plus reconnections: counted live by the liveness steps of this JVM (printed at
 * the end of a run) or derived afterwards from a simulation.log, e.g. a merged one of several shards.
 */
public final class DropTable {

  private static final Map<String, LongAdder> LIVE = new ConcurrentHashMap<>();
  private static final LongAdder LIVE_RECONNECTS = new LongAdder();

  public final Map<String, Long> byCause;
  public final long reconnections;

  public DropTable(Map<String, Long> byCause, long reconnections) {
    this.byCause = Map.copyOf(byCause);
    this.reconnections = reconnections;
  }

  /** A JVM may run several simulations (a shard's warm-up, then its run): each counts from zero. */
  public static void resetLive() {
    LIVE.clear();
    LIVE_RECONNECTS.reset();
  }

  static void countDrop(String cause) {
    LIVE.computeIfAbsent(cause, k -> new LongAdder()).increment();
  }

  static void countReconnect() {
    LIVE_RECONNECTS.increment();
  }

  /** What this JVM's liveness steps counted so far. */
  public static DropTable live() {
    Map<String, Long> m = new TreeMap<>();
    LIVE.forEach((k, v) -> m.put(k, v.sum()));
    return new DropTable(m, LIVE_RECONNECTS.sum());
  }

  /**
   * From a run's records: the drop causes are the KO messages of the "drop" request and the errors of failed
   * connects and reconnects (they match no other request's messages), reconnections are the OK "reconnect"
   * requests.
   */
  public static DropTable from(RunStatistics summary) {
    Map<String, Long> m = new TreeMap<>();
    summary.errors.forEach((message, count) -> {
      String cause = DropCause.ofRecordedError(message);
      if (cause != null) {
        m.merge(cause, count, Long::sum);
      }
    });
    return new DropTable(m, summary.ok(Requests.RECONNECT));
  }

  /** Command line: the drop table of a simulation.log (a run's or a merged one). */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: DropTable <simulation.log>");
      System.exit(2);
    }
    try {
      System.out.print(from(io.wsloadtest.simlog.RunStatistics.read(java.nio.file.Path.of(args[0]))));
    } catch (io.wsloadtest.simlog.SimulationLogException e) {
      System.err.println("cannot read " + args[0] + ": " + e.getMessage());
      System.exit(1);
    }
  }

  public long total() {
    return byCause.values().stream().mapToLong(Long::longValue).sum();
  }

  public long count(String cause) {
    return byCause.getOrDefault(cause, 0L);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Connection drops by cause:\n");
    new TreeMap<>(byCause).forEach((cause, n) -> sb.append(String.format("  %-28s %8d%n", cause, n)));
    sb.append(String.format("  %-28s %8d%n", "total", total()));
    sb.append(String.format("Reconnections: %d%n", reconnections));
    return sb.toString();
  }
}
