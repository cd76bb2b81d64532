package io.wsloadtest.simlog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the figures a performance engineer asks for first, from one or more simulation.log files
 * (several = the shards of one run): connections made, time to open them all, connect rate, KOs,
 * latency percentiles. Any run's log: a single JVM's, a shard's, a merged one. Used by the bench/ scripts,
 * .ci/run smoke and the merge.
 */
public final class RunFigures {

  /** The request names of the kit's connects (io.wsloadtest.ws.Requests; this package depends on the JDK only). */
  private static final String CONNECT = "connect";

  private RunFigures() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: RunFigures simulation.log [more shard logs...]");
      System.exit(2);
    }
    RunStatistics total = new RunStatistics();
    List<Path> logs = new ArrayList<>();
    for (String a : args) {
      logs.add(Path.of(a));
    }
    for (Path log : logs) {
      try {
        total.plus(RunStatistics.read(log));
      } catch (SimulationLogException e) {
        System.err.println(e.getMessage());
        System.exit(1);
      }
    }
    System.out.print(render(total));
  }

  /** The figures of one log, or of several summed, as text. */
  public static String render(RunStatistics s) {
    StringBuilder out = new StringBuilder();
    long connected = s.ok(CONNECT);
    out.append(String.format("connections established: %d (KO %d)%n", connected, s.ko(CONNECT)));
    long[] span = s.okSpans.get(CONNECT);
    if (span != null && connected > 0) {
      double seconds = (span[1] - span[0]) / 1000.0;
      out.append(String.format("time to open all:        %.1f s (%.0f connections/s)%n", seconds,
          seconds > 0 ? connected / seconds : connected));
      out.append(String.format("connects started/s:      peak %d in one second%n", s.peakConnectStartsPerSecond()));
      out.append(String.format("connect latency ms:      p50 %d, p95 %d, p99 %d, max %d%n",
          s.percentile(CONNECT, 50), s.percentile(CONNECT, 95), s.percentile(CONNECT, 99), s.percentile(CONNECT, 100)));
    }
    out.append(String.format("open at once (peak):     %d connections, %d virtual users%n", s.peakOpen(),
        s.peakActiveUsers()));
    out.append(String.format("requests:                %d OK, %d KO%n", s.totalOk(), s.totalKo()));
    for (String name : s.requests.keySet()) {
      if (!name.equals(CONNECT) && s.percentile(name, 50) >= 0) {
        out.append(String.format("  %-22s %d OK, %d KO; ms p50 %d, p99 %d, max %d%n", name + ":", s.ok(name), s.ko(name),
            s.percentile(name, 50), s.percentile(name, 99), s.percentile(name, 100)));
      }
    }
    s.errors.forEach((message, count) -> out.append(String.format("  error x%d: %s%n", count, message)));
    return out.toString();
  }
}
