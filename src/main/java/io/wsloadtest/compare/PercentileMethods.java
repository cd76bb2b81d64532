package io.wsloadtest.compare;

import io.wsloadtest.simlog.RunStatistics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * One run's percentiles two ways, request by request: as Gatling's HTML report shows them (t-digest, an
 * approximation) and exact from every record of the same simulation.log (nearest rank over the OK responses,
 * like the report's OK column). Shows how far the report's figure can be from the truth at the tail.
 */
final class PercentileMethods {

  private PercentileMethods() {}

  static String table(Path log) throws IOException, io.wsloadtest.simlog.SimulationLogException {
    Map<String, long[]> report = ReportPercentiles.read(log.getParent());
    RunStatistics exact = RunStatistics.read(log);
    StringBuilder sb = new StringBuilder();
    sb.append("Percentiles of OK responses in ms: Gatling's report (t-digest, approximate) against exact"
        + " (nearest rank over every OK record of ").append(log).append(")\n");
    String format = "%-24s %10s   %-20s %-20s %-20s%n";
    sb.append(String.format(format, "request", "OK count", "p50 report/exact", "p95 report/exact", "p99 report/exact"));
    report.forEach((name, r) -> {
      if (exact.ok(name) == 0) {
        return;
      }
      long[] e = {exact.percentile(name, 50), exact.percentile(name, 95), exact.percentile(name, 99)};
      sb.append(String.format(format, name, exact.ok(name), pair(r[0], e[0]), pair(r[1], e[1]), pair(r[2], e[2])));
    });
    return sb.toString();
  }

  private static String pair(long report, long exact) {
    String diff = report == exact ? "" : String.format(" (%+d)", report - exact);
    return report + " / " + exact + diff;
  }
}
