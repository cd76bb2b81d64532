package io.wsloadtest.capacity;

import io.wsloadtest.compare.RequestFigures;
import io.wsloadtest.ws.Requests;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * capacity.html: the knee charts of a search, one self-contained page (inline SVG, no script, nothing fetched):
 * exact latency percentiles of each timed request against the level with the SLO's limit, achieved against
 * offered, KO % against the level; then the levels with links to their Gatling reports.
 */
final class KneeCharts {

  /** The timed requests charted, with the SLO that limits each. */
  private static final List<Object[]> LATENCIES = List.of(
      new Object[] {Requests.CONNECT, SloKind.CONNECT_P99},
      new Object[] {Requests.HEARTBEAT, SloKind.HEARTBEAT_P99},
      new Object[] {Requests.SAME_TEXT_BACK, SloKind.ECHO_P99},
      new Object[] {Requests.SAME_BYTES_BACK, SloKind.ECHO_P99},
      new Object[] {Requests.PUSH, SloKind.PUSH_P99});

  private KneeCharts() {}

  static String page(CapacityJson.Asked asked, SearchResult r) {
    List<LevelRow> rows = r.levels().stream().sorted(Comparator.comparingLong(LevelRow::level)).toList();
    String unit = asked.dimension().unit;
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Capacity: ")
        .append(SvgChart.esc(asked.simulation())).append("</title>\n<style>body{font-family:sans-serif;margin:2em;}"
            + "table{border-collapse:collapse;}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right;}"
            + ".good{color:#080}.bad{color:#c00}.inconclusive{color:#888}</style></head><body>\n");
    sb.append("<h1>Capacity search: ").append(SvgChart.esc(asked.simulation())).append("</h1>\n<p><b>")
        .append(SvgChart.esc(LevelTable.summary(r, asked.dimension()).trim())).append("</b></p>\n");
    sb.append("<p>SLOs: ").append(SvgChart.esc(String.join(", ", asked.slos().stream()
        .map(s -> s.kind().key + " \u2264 " + s.written()).toList())))
        .append(". Figures: ").append(SvgChart.esc(RequestFigures.METHOD))
        .append("; connect over the whole level, other requests over its hold.</p>\n");
    for (Object[] l : LATENCIES) {
      String request = (String) l[0];
      if (rows.stream().noneMatch(x -> x.figures().requests().containsKey(request))) {
        continue;
      }
      SvgChart chart = markers(new SvgChart(unit, request + " ms (exact)"), r);
      String[] colors = {"#4a90d9", "#e6a23c", "#c0392b"};
      int[] ps = {50, 95, 99};
      for (int i = 0; i < 3; i++) {
        List<SvgChart.Point> points = new ArrayList<>();
        for (LevelRow row : rows) {
          RequestFigures q = row.figures().requests().get(request);
          if (q != null && q.percentile(ps[i]) != RequestFigures.NONE) {
            long v = q.percentile(ps[i]);
            points.add(new SvgChart.Point(row.level(), v == RequestFigures.FAILED ? 0 : v, v == RequestFigures.FAILED));
          }
        }
        chart.series(new SvgChart.Series("p" + ps[i], colors[i], points));
      }
      asked.slos().stream().filter(s -> s.kind() == l[1])
          .forEach(s -> chart.limit(new SvgChart.Line("SLO " + s.written(), "#c00", s.limit())));
      sb.append("<h2>").append(SvgChart.esc(request)).append(" latency against the level</h2>\n").append(chart.render());
    }
    SvgChart achieved = markers(new SvgChart("offered, " + unit, "achieved, " + unit), r);
    achieved.series(new SvgChart.Series("achieved", "#4a90d9", rows.stream()
        .map(x -> new SvgChart.Point(x.figures().offered(), x.figures().achieved(), false)).toList()));
    achieved.series(new SvgChart.Series("offered", "#aaa", rows.stream()
        .map(x -> new SvgChart.Point(x.figures().offered(), x.figures().offered(), false)).toList()));
    sb.append("<h2>Achieved against offered</h2>\n").append(achieved.render());
    SvgChart ko = markers(new SvgChart(unit, "KO % of all requests"), r);
    ko.series(new SvgChart.Series("KO %", "#c0392b", rows.stream()
        .map(x -> new SvgChart.Point(x.level(), x.figures().koPercent(), false)).toList()));
    asked.slos().stream().filter(s -> s.kind() == SloKind.KO_PERCENT)
        .forEach(s -> ko.limit(new SvgChart.Line("SLO " + s.written() + " %", "#c00", s.limit())));
    sb.append("<h2>KO % against the level</h2>\n").append(ko.render());
    sb.append("<h2>Levels</h2>\n<table><tr><th>level</th><th>phase</th><th>achieved</th><th>KO %</th>"
        + "<th>injector CPU % / wait %</th><th>verdict</th><th>first broken SLO / why</th><th>report</th></tr>\n");
    for (LevelRow row : rows) {
      LevelFigures f = row.figures();
      double cpu = f.injectors().stream().mapToDouble(InjectorUse::cpuPercent).max().orElse(-1);
      double wait = f.injectors().stream().mapToDouble(InjectorUse::cpuWaitPercent).max().orElse(-1);
      String why = row.reason() != null ? row.reason() : row.broken().isEmpty() ? ""
          : row.broken().get(0).slo() + " " + row.broken().get(0).actual() + " > " + row.broken().get(0).limit();
      sb.append(String.format(Locale.ROOT, "<tr><td>%,d</td><td>%s</td><td>%.1f</td><td>%.2f</td><td>%s</td>"
              + "<td class=\"%s\">%s</td><td style=\"text-align:left\">%s</td><td>%s</td></tr>%n", row.level(),
          row.phase(), f.achieved(), f.koPercent(),
          (cpu < 0 ? "-" : String.format(Locale.ROOT, "%.0f", cpu)) + " / " + (wait < 0 ? "-" : String.format(Locale.ROOT, "%.0f", wait)),
          row.verdict().name().toLowerCase(), row.verdict().name().toLowerCase(),
          SvgChart.esc(why),
          f.report() == null ? "" : "<a href=\"" + SvgChart.esc(f.report()) + "\">Gatling report</a>"));
    }
    return sb.append("</table>\n</body></html>\n").toString();
  }

  private static SvgChart markers(SvgChart chart, SearchResult r) {
    if (r.lastGood() != null) {
      chart.marker(new SvgChart.Line("last good", "#080", r.lastGood().level()));
    }
    if (r.firstBad() != null) {
      chart.marker(new SvgChart.Line("first bad", "#c00", r.firstBad().level()));
    }
    if (r.inconclusive() != null) {
      chart.marker(new SvgChart.Line("inconclusive", "#888", r.inconclusive().level()));
    }
    return chart;
  }
}
