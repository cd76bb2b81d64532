package io.wsloadtest.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * BASELINE against CURRENT, request by request (count, KO %, p50/p95/p99), all requests' KO %, drops by cause, and
 * capacity when both are searches: one row each, with the change and, where a tolerance applies, whether it held.
 * Every figure is exact (see {@link RequestFigures#METHOD}).
 */
public final class Comparison {

  /** One line of the table; {@code exceeded} names the broken tolerance, null when it held or none applies. */
  public record Row(String what, String baseline, String current, String change, String exceeded) {}

  private final List<Row> rows = new ArrayList<>();

  public Comparison(ComparedRun baseline, ComparedRun current, Tolerances t) {
    TreeSet<String> names = new TreeSet<>(baseline.requests.keySet());
    names.addAll(current.requests.keySet());
    for (String name : names) {
      RequestFigures b = baseline.requests.get(name);
      RequestFigures c = current.requests.get(name);
      if (c == null) {
        rows.add(new Row(name, b.count() + " responses", "absent", "",
            judged(t) ? "the request is absent from CURRENT" : null));
        continue;
      }
      if (b == null) {
        rows.add(new Row(name, "absent", c.count() + " responses", "new", null));
        continue;
      }
      rows.add(count(name, b.count(), c.count(), t.maxCountDecrease()));
      rows.add(koRow(name + " KO %", b.koPercent(), c.koPercent(), t.maxKoIncrease()));
      for (int p : new int[] {50, 95, 99}) {
        rows.add(latency(name + " p" + p, b.percentile(p), c.percentile(p), t.maxIncrease(p), Tolerances.key(p),
            t.latencyFloorMs()));
      }
    }
    rows.add(koRow("all requests KO %", baseline.koPercent(), current.koPercent(), t.maxKoIncrease()));
    drops(baseline, current, t.maxDropsIncrease());
    if (baseline.capacity.isPresent() && current.capacity.isPresent()) {
      long b = baseline.capacity.getAsLong();
      long c = current.capacity.getAsLong();
      double decrease = b == 0 ? 0 : 100.0 * (b - c) / b;
      OptionalDouble limit = t.maxCapacityDecrease();
      rows.add(new Row("capacity (last good level)", "" + b, "" + c, percentChange(b, c),
          limit.isPresent() && decrease > limit.getAsDouble()
              ? String.format("-%.1f%% > wsload.compare.max-capacity-decrease %s%%", decrease, num(limit.getAsDouble()))
              : null));
    }
  }

  private static boolean judged(Tolerances t) {
    return t.maxP99Increase().isPresent() || t.maxP95Increase().isPresent() || t.maxP50Increase().isPresent()
        || t.maxKoIncrease().isPresent() || t.maxCountDecrease().isPresent();
  }

  private static Row count(String name, long b, long c, OptionalDouble maxDecrease) {
    double decrease = b == 0 ? 0 : 100.0 * (b - c) / b;
    String exceeded = maxDecrease.isPresent() && decrease > maxDecrease.getAsDouble()
        ? String.format("-%.1f%% > wsload.compare.max-count-decrease %s%%", decrease, num(maxDecrease.getAsDouble()))
        : null;
    return new Row(name + " count", "" + b, "" + c, percentChange(b, c), exceeded);
  }

  private static Row koRow(String what, double b, double c, OptionalDouble maxIncrease) {
    double points = c - b;
    String exceeded = maxIncrease.isPresent() && points > maxIncrease.getAsDouble()
        ? String.format("+%.2f points > wsload.compare.max-ko-increase %s", points, num(maxIncrease.getAsDouble()))
        : null;
    return new Row(what, String.format("%.2f %%", b), String.format("%.2f %%", c),
        String.format("%+.2f points", points), exceeded);
  }

  static Row latency(String what, long b, long c, OptionalDouble maxIncrease, String key, double floorMs) {
    String exceeded = null;
    String change;
    if (b == RequestFigures.FAILED || c == RequestFigures.FAILED || b == RequestFigures.NONE
        || c == RequestFigures.NONE) {
      change = b == c ? "same" : "";
      // An answer in the baseline that is a failure now is worse whatever the limit.
      if (maxIncrease.isPresent() && c == RequestFigures.FAILED && b != RequestFigures.FAILED) {
        exceeded = "was " + RequestFigures.ms(b) + ", falls on failed responses now (" + key + " "
            + num(maxIncrease.getAsDouble()) + "%)";
      }
    } else {
      change = percentChange(b, c);
      if (maxIncrease.isPresent() && c - b > floorMs) {
        double increase = b == 0 ? Double.POSITIVE_INFINITY : 100.0 * (c - b) / b;
        if (increase > maxIncrease.getAsDouble()) {
          exceeded = String.format("%s > %s %s%%", b == 0 ? "+" + (c - b) + " ms from 0" : String.format("+%.1f%%", increase),
              key, num(maxIncrease.getAsDouble()));
        }
      }
    }
    return new Row(what, RequestFigures.ms(b), RequestFigures.ms(c), change, exceeded);
  }

  private void drops(ComparedRun baseline, ComparedRun current, OptionalDouble maxIncrease) {
    TreeMap<String, Long[]> causes = new TreeMap<>();
    baseline.dropsByCause.forEach((k, v) -> causes.computeIfAbsent(k, x -> new Long[] {0L, 0L})[0] = v);
    current.dropsByCause.forEach((k, v) -> causes.computeIfAbsent(k, x -> new Long[] {0L, 0L})[1] = v);
    causes.forEach((cause, n) -> rows.add(new Row("drops: " + cause, "" + n[0], "" + n[1], signed(n[1] - n[0]), null)));
    long b = baseline.drops();
    long c = current.drops();
    String exceeded = maxIncrease.isPresent() && c - b > maxIncrease.getAsDouble()
        ? String.format("+%d > wsload.compare.max-drops-increase %s", c - b, num(maxIncrease.getAsDouble()))
        : null;
    rows.add(new Row("drops: all causes", "" + b, "" + c, signed(c - b), exceeded));
  }

  private static String percentChange(long b, long c) {
    if (b == c) {
      return "same";
    }
    return b == 0 ? signed(c - b) : String.format("%+.1f%%", 100.0 * (c - b) / b);
  }

  private static String signed(long n) {
    return n == 0 ? "same" : String.format("%+d", n);
  }

  static String num(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  public List<Row> exceeded() {
    return rows.stream().filter(r -> r.exceeded() != null).toList();
  }

  public String table() {
    int w = Math.max(28, rows.stream().mapToInt(r -> r.what().length()).max().orElse(0));
    StringBuilder sb = new StringBuilder();
    String format = "%-" + w + "s  %14s  %14s  %14s  %s%n";
    sb.append(String.format(format, "row", "baseline", "current", "change", "verdict"));
    for (Row r : rows) {
      sb.append(String.format(format, r.what(), r.baseline(), r.current(), r.change(),
          r.exceeded() == null ? "" : "EXCEEDED: " + r.exceeded()));
    }
    return sb.toString();
  }

  /** Every row for a test or another tool: what to Row. */
  public Map<String, Row> byWhat() {
    Map<String, Row> m = new java.util.LinkedHashMap<>();
    rows.forEach(r -> m.put(r.what(), r));
    return m;
  }
}
