package io.wsloadtest.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL of the shipped Grafana dashboard, panel by panel, and each query as Grafana sends it to Prometheus:
 * every template variable replaced by what it stands for with "All" selected, Grafana's own by a given value.
 */
public final class DashboardQueries {

  public static final Path DASHBOARD = Path.of("monitoring/grafana/dashboards/wsload-run.json");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)\\}?");

  /** One query of one panel. */
  public record Query(String panel, String expr) {}

  private final List<Query> queries = new ArrayList<>();
  private final Map<String, String> all = new LinkedHashMap<>();

  private DashboardQueries(JsonNode dashboard) {
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        queries.add(new Query(panel.get("title").asText(), target.get("expr").asText()));
      }
    }
    for (JsonNode variable : dashboard.at("/templating/list")) {
      if (variable.has("allValue")) {
        all.put(variable.get("name").asText(), variable.get("allValue").asText());
      }
    }
  }

  public static DashboardQueries shipped() throws IOException {
    return new DashboardQueries(new ObjectMapper().readTree(DASHBOARD.toFile()));
  }

  public List<Query> queries() {
    return queries;
  }

  /**
   * {@code expr} as Grafana sends it with every template variable at "All" and {@code $__rate_interval} =
   * {@code rateInterval}; a variable it cannot replace fails, naming it.
   */
  public String substituted(String expr, String rateInterval) {
    Map<String, String> values = new LinkedHashMap<>(all);
    values.put("__rate_interval", rateInterval);
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new AssertionError("no value for $" + m.group(1) + " in " + expr + "; known: " + values.keySet());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  /** The queries as a ```promql block lists them: "# panel title", then its queries, one a line. */
  public String asPromqlBlock() {
    StringBuilder b = new StringBuilder();
    String panel = null;
    for (Query q : queries) {
      if (!q.panel().equals(panel)) {
        panel = q.panel();
        b.append("# ").append(panel).append('\n');
      }
      b.append(q.expr()).append('\n');
    }
    return b.toString();
  }
}
