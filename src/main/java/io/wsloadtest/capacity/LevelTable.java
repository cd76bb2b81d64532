package io.wsloadtest.capacity;

import io.wsloadtest.compare.RequestFigures;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The per-level table printed at the end of a search, levels in increasing order: offered against achieved, each
 * measured request's p50/p95/p99 (exact), KO %, drops by cause, the injectors' busiest CPU, the verdict and the SLO
 * that broke first.
 */
final class LevelTable {

  /** Requests the table leaves out: sends whose reply is the measured row (echo text is timed by same text back). */
  private static final List<String> UNTIMED = List.of("drop", "echo text", "echo binary", "heartbeat sent");

  private LevelTable() {}

  static String render(SearchResult result, Dimension dimension) {
    List<LevelRow> rows = result.levels().stream().sorted(Comparator.comparingLong(LevelRow::level)).toList();
    TreeSet<String> requests = new TreeSet<>();
    rows.forEach(r -> requests.addAll(r.figures().requests().keySet()));
    requests.removeAll(UNTIMED);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("Levels (%s; latencies in ms, exact: p50/p95/p99, KO = the percentile falls on failed"
        + " responses):%n", dimension.unit));
    StringBuilder head = new StringBuilder(String.format("%12s %12s", "offered", "achieved"));
    for (String r : requests) {
      head.append(String.format(" %-20s", abbreviate(r, 20)));
    }
    head.append(String.format(" %7s %-24s %9s  %-12s %s", "KO %", "drops by cause", "CPU/wait%", "verdict",
        "first broken SLO / why"));
    sb.append(head).append('\n');
    for (LevelRow row : rows) {
      LevelFigures f = row.figures();
      StringBuilder line = new StringBuilder(String.format("%12s %12s", num(f.offered()), num(f.achieved())));
      for (String r : requests) {
        RequestFigures q = f.requests().get(r);
        line.append(String.format(" %-20s", q == null ? "" : v(q.p50()) + "/" + v(q.p95()) + "/" + v(q.p99())));
      }
      String drops = f.dropsByCause().isEmpty() ? "0" : f.dropsByCause().entrySet().stream()
          .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
      double cpu = f.injectors().stream().mapToDouble(InjectorUse::cpuPercent).max().orElse(-1);
      double wait = f.injectors().stream().mapToDouble(InjectorUse::cpuWaitPercent).max().orElse(-1);
      String why = row.verdict() == LevelRow.Verdict.INCONCLUSIVE ? row.reason()
          : row.broken().isEmpty() ? "" : row.broken().get(0).slo() + " " + row.broken().get(0).actual() + " > "
              + row.broken().get(0).limit();
      line.append(String.format(" %7.2f %-24s %9s  %-12s %s", f.koPercent(), abbreviate(drops, 24),
          (cpu < 0 ? "-" : String.format("%.0f", cpu)) + "/" + (wait < 0 ? "-" : String.format("%.0f", wait)),
          row.verdict().name().toLowerCase(), why));
      sb.append(line).append('\n');
    }
    return sb.toString();
  }

  static String summary(SearchResult r, Dimension d) {
    StringBuilder sb = new StringBuilder();
    switch (r.outcome()) {
      case COMPLETED -> sb.append(r.firstBad() == null
          ? String.format("Capacity: every level up to %,d %s held every SLO (lastGood %,d; no level was bad).%n",
              r.lastGood().level(), d.unit, r.lastGood().level())
          : String.format("Capacity: lastGood %,d %s, firstBad %,d (%s broke first: %s > %s).%n", r.lastGood().level(),
              d.unit, r.firstBad().level(), r.firstBrokenSlo(), r.firstBad().broken().get(0).actual(),
              r.firstBad().broken().get(0).limit()));
      case BROKEN_AT_FIRST_LEVEL -> sb.append(String.format(
          "SLO broken at the first level: %,d %s (%s: %s > %s); the capacity is below it.%n", r.firstBad().level(),
          d.unit, r.firstBrokenSlo(), r.firstBad().broken().get(0).actual(), r.firstBad().broken().get(0).limit()));
      case INCONCLUSIVE -> sb.append(String.format("INCONCLUSIVE at %,d %s: %s.%n  Known so far: lastGood %s,"
              + " firstBad %s.%n", r.inconclusive().level(), d.unit, r.inconclusive().reason(),
          r.lastGood() == null ? "none" : String.format("%,d", r.lastGood().level()),
          r.firstBad() == null ? "none" : String.format("%,d", r.firstBad().level())));
      case RUNNING -> sb.append(String.format("Search running: %d level(s) so far.%n", r.levels().size()));
    }
    return sb.toString();
  }

  private static String v(long ms) {
    return ms == RequestFigures.FAILED ? "KO" : ms == RequestFigures.NONE ? "-" : "" + ms;
  }

  private static String num(double v) {
    return v == Math.rint(v) ? String.format("%,d", (long) v) : String.format("%,.1f", v);
  }

  private static String abbreviate(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "…";
  }

}
