package io.wsloadtest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.wsloadtest.config.LoadTestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped monitoring files and CI workflow, read with real JSON/YAML parsers and checked against the code. */
class MonitoringFilesTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Pattern METRIC = Pattern.compile("\\bwsload_[a-z_]+\\b");

  /** Every sample name the injector and the echo server really expose, read from a registry they fill. */
  static Set<String> exportedSampleNames() {
    PrometheusRegistry registry = new PrometheusRegistry();
    new InjectorMetrics(registry, "0", 1);
    new ServerMetrics(registry, () -> 0, () -> 0);
    Set<String> names = new HashSet<>();
    for (MetricSnapshot s : registry.scrape()) {
      String name = s.getMetadata().getPrometheusName();
      if (s instanceof CounterSnapshot) {
        names.add(name + "_total");
      } else if (s instanceof HistogramSnapshot) {
        names.addAll(List.of(name + "_bucket", name + "_count", name + "_sum"));
      } else {
        names.add(name);
      }
    }
    return names;
  }

  @Test
  void everyDashboardQueryNamesAMetricTheCodeExports() throws Exception {
    JsonNode dashboard = JSON.readTree(Path.of("monitoring/grafana/dashboards/wsload-run.json").toFile());
    Set<String> exported = exportedSampleNames();
    List<String> titles = new ArrayList<>();
    int queries = 0;
    for (JsonNode panel : dashboard.get("panels")) {
      titles.add(panel.get("title").asText());
      assertFalse(panel.get("targets").isEmpty(), "panel without query: " + panel.get("title"));
      for (JsonNode target : panel.get("targets")) {
        String expr = target.get("expr").asText();
        Matcher m = METRIC.matcher(expr);
        assertTrue(m.find(), "no wsload metric in " + expr);
        do {
          assertTrue(exported.contains(m.group()), m.group() + " in panel '" + panel.get("title").asText()
              + "' is not exported; exported: " + exported);
        } while (m.find());
        queries++;
      }
    }
    assertTrue(queries >= 15, "queries: " + queries);
    // What the dashboard is for: connections over time, connect rate, RTT percentiles, errors by cause, per shard.
    for (String topic : List.of("Connections open (per shard)", "Connect rate", "Echo round trip percentiles",
        "Handshake latency percentiles", "Errors by cause")) {
      assertTrue(titles.stream().anyMatch(t -> t.startsWith(topic)), topic + " missing from " + titles);
    }
    assertEquals("label_values(wsload_users_planned, shard)",
        dashboard.at("/templating/list/1/definition").asText(), "the shard picker lists shards from a real metric");
  }

  @Test
  void grafanaProvisioningPointsAtTheShippedDatasourceAndDashboards() throws Exception {
    JsonNode datasources = YAML.readTree(Path.of("monitoring/grafana/provisioning/datasources/prometheus.yml").toFile());
    assertEquals(1, datasources.get("apiVersion").asInt());
    JsonNode ds = datasources.get("datasources").get(0);
    assertEquals("prometheus", ds.get("type").asText());
    JsonNode dashboard = JSON.readTree(Path.of("monitoring/grafana/dashboards/wsload-run.json").toFile());
    assertEquals(ds.get("uid").asText(), dashboard.at("/templating/list/0/current/value").asText(),
        "the dashboard's default data source is the provisioned one");
    JsonNode providers = YAML.readTree(Path.of("monitoring/grafana/provisioning/dashboards/wsload.yml").toFile());
    assertEquals(1, providers.get("apiVersion").asInt());
    assertEquals("file", providers.at("/providers/0/type").asText());
    assertFalse(providers.at("/providers/0/options/path").asText().isBlank());
  }

  @Test
  void prometheusConfigReadsTheTargetsEveryProcessWrites() throws Exception {
    JsonNode config = YAML.readTree(Path.of("monitoring/prometheus.yml").toFile());
    String files = config.at("/scrape_configs/0/file_sd_configs/0/files/0").asText();
    String targetsDir = LoadTestConfig.parse(new Properties(), Map.of()).metrics().targetsDir();
    // file_sd paths are relative to the config file's folder, monitoring/.
    assertEquals(Path.of("monitoring").resolve(files).normalize(), Path.of(targetsDir, "*.json").normalize());
  }

  @Test
  void workflowRunsTheSameCommandsAsLocalCiAndKeepsTheReports() throws Exception {
    JsonNode workflow = YAML.readTree(Path.of(".github/workflows/ci.yml").toFile());
    assertTrue(workflow.has("on"), "a trigger");
    List<String> runs = new ArrayList<>();
    JsonNode upload = null;
    for (JsonNode job : workflow.get("jobs")) {
      for (JsonNode step : job.get("steps")) {
        if (step.has("run")) {
          runs.add(step.get("run").asText().trim());
        }
        if (step.path("uses").asText().startsWith("actions/upload-artifact@")) {
          upload = step;
        }
      }
    }
    assertTrue(runs.contains(".ci/run"), "tests through .ci/run: " + runs);
    assertTrue(runs.contains(".ci/run smoke"), "smoke load through .ci/run smoke: " + runs);
    assertTrue(runs.indexOf(".ci/run") < runs.indexOf(".ci/run smoke"), "tests first: " + runs);
    assertTrue(upload != null, "reports uploaded as an artifact");
    assertEquals("always()", upload.get("if").asText(), "reports kept when the run fails too");
    assertTrue(upload.at("/with/path").asText().contains("reports/"), upload.toString());

    String script = Files.readString(Path.of(".ci/run"));
    assertTrue(script.contains("mvn -B verify"), script);
    assertTrue(script.contains("mvn -B gatling:test"), script);
    assertTrue(script.contains("apt-get install") && script.contains("prometheus"), script);
    assertTrue(Files.isExecutable(Path.of(".ci/run")));
  }
}
