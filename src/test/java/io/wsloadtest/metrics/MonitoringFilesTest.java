package io.wsloadtest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.wsloadtest.config.LoadTestConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped monitoring files, their README and the CI workflow, read with real JSON/YAML parsers, bash and promtool,
 * and checked against the code and each other.
 */
class MonitoringFilesTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Pattern METRIC = Pattern.compile("\\bwsload_[a-z_]+\\b");
  static final Path PROVISIONING = Path.of("monitoring/grafana/provisioning");
  static final String MONITORING_README = read(Path.of("monitoring/README.md"));

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

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
        "Handshake latency percentiles", "Errors by cause", "Push delivery latency percentiles")) {
      assertTrue(titles.stream().anyMatch(t -> t.startsWith(topic)), topic + " missing from " + titles);
    }
    assertEquals("label_values(wsload_users_planned, shard)",
        dashboard.at("/templating/list/1/definition").asText(), "the shard picker lists shards from a real metric");
  }

  @Test
  void grafanaProvisioningPointsAtTheShippedDatasourceAndDashboards() throws Exception {
    JsonNode datasources = YAML.readTree(PROVISIONING.resolve("datasources/prometheus.yml").toFile());
    assertEquals(1, datasources.get("apiVersion").asInt());
    JsonNode ds = datasources.get("datasources").get(0);
    assertEquals("prometheus", ds.get("type").asText());
    JsonNode dashboard = JSON.readTree(DashboardQueries.DASHBOARD.toFile());
    assertEquals(ds.get("uid").asText(), dashboard.at("/templating/list/0/current/value").asText(),
        "the dashboard's default data source is the provisioned one");
    // The data source is the Prometheus the README starts.
    Matcher listen = Pattern.compile("--web\\.listen-address=(\\S+)").matcher(MONITORING_README);
    assertTrue(listen.find(), "the README starts Prometheus with a listen address");
    assertEquals("http://" + listen.group(1), ds.get("url").asText());

    JsonNode providers = YAML.readTree(PROVISIONING.resolve("dashboards/wsload.yml").toFile());
    assertEquals(1, providers.get("apiVersion").asInt());
    assertEquals("file", providers.at("/providers/0/type").asText());
    String path = providers.at("/providers/0/options/path").asText();

    // The README's settings, run by bash from the project's root, point Grafana at these files.
    Map<String, String> env = readmeExports(List.of("GF_PATHS_PROVISIONING", "WSLOAD_DASHBOARDS"));
    assertEquals(PROVISIONING.toAbsolutePath(), Path.of(env.get("GF_PATHS_PROVISIONING")));
    assertEquals(DashboardQueries.DASHBOARD.toAbsolutePath(),
        Path.of(grafanaInterpolated(path, env)).resolve("wsload-run.json"), "the provider's folder holds the dashboard");

    // So do the Docker line's mount and variables.
    Matcher mount = Pattern.compile("-v \"\\$PWD/([^:]+):([^:]+):ro\"").matcher(MONITORING_README);
    assertTrue(mount.find(), "the README's docker line mounts the Grafana folder");
    Map<String, String> dockerEnv = new HashMap<>();
    Matcher e = Pattern.compile("-e (\\w+)=(\\S+)").matcher(MONITORING_README);
    while (e.find()) {
      dockerEnv.put(e.group(1), Path.of(mount.group(1)).resolve(Path.of(mount.group(2)).relativize(Path.of(e.group(2))))
          .toString());
    }
    assertEquals(PROVISIONING, Path.of(dockerEnv.get("GF_PATHS_PROVISIONING")));
    assertEquals(DashboardQueries.DASHBOARD.getParent(), Path.of(grafanaInterpolated(path, dockerEnv)));
  }

  @Test
  void prometheusConfigReadsTheTargetsEveryProcessWrites() throws Exception {
    JsonNode config = YAML.readTree(Path.of("monitoring/prometheus.yml").toFile());
    String files = config.at("/scrape_configs/0/file_sd_configs/0/files/0").asText();
    String targetsDir = LoadTestConfig.parse(new Properties(), Map.of()).metrics().targetsDir();
    // Absolute in both: they agree wherever the processes and Prometheus are started from.
    assertTrue(Path.of(targetsDir).isAbsolute(), targetsDir);
    assertEquals(Path.of(targetsDir, "*.json").toString(), files);
    assertTrue(MONITORING_README.contains(targetsDir), "the README names the folder");
  }

  @Test
  void prometheusAcceptsTheShippedConfig() throws Exception {
    Optional<Path> promtool = onPath("promtool");
    if (promtool.isEmpty() && "true".equals(System.getenv("CI"))) {
      fail("promtool is not installed but CI=true: .ci/run installs it (apt-get install prometheus)");
    }
    assumeTrue(promtool.isPresent(), "promtool is not installed (apt-get install prometheus)");
    Process p = new ProcessBuilder(promtool.get().toString(), "check", "config", "monitoring/prometheus.yml")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertTrue(out.contains("SUCCESS"), out);
  }

  /** One list of queries: wherever a README lists PromQL (```promql), it is the dashboard's, all of it. */
  @Test
  void theReadmesListExactlyTheDashboardsQueries() throws Exception {
    DashboardQueries dashboard = DashboardQueries.shipped();
    Set<String> expected = new TreeSet<>();
    dashboard.queries().forEach(q -> expected.add(q.expr()));
    int lists = 0;
    for (Path readme : List.of(Path.of("README.md"), Path.of("monitoring/README.md"))) {
      List<String> blocks = fencedBlocks(Files.readString(readme), "promql");
      if (blocks.isEmpty()) {
        continue;
      }
      Set<String> listed = new TreeSet<>();
      for (String block : blocks) {
        block.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(listed::add);
      }
      assertEquals(expected, listed, readme + " lists other queries than the dashboard; the dashboard's, panel by"
          + " panel:\n```promql\n" + dashboard.asPromqlBlock() + "```");
      lists++;
    }
    assertTrue(lists >= 1, "monitoring/README.md lists the dashboard's queries");
  }

  /** Every shell block of monitoring/README.md parses, and every project path it names exists. */
  @Test
  void theMonitoringReadmesCommandsParseAndNameFilesThatExist() throws Exception {
    List<String> blocks = fencedBlocks(MONITORING_README, "bash");
    assertTrue(blocks.size() >= 3, "Prometheus, Grafana, Docker: " + blocks.size());
    for (String block : blocks) {
      Process p = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
      p.getOutputStream().write(block.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), "bash -n:\n" + block + "\n" + out);
    }
    Matcher path = Pattern.compile("(?:\\$PWD/|=)(monitoring/[\\w./-]+)").matcher(String.join("\n", blocks));
    int paths = 0;
    while (path.find()) {
      assertTrue(Files.exists(Path.of(path.group(1))), path.group(1) + " named in monitoring/README.md");
      paths++;
    }
    assertTrue(paths >= 4, "paths checked: " + paths);
  }

  /** The contents of the fenced blocks of {@code markdown} in {@code language}. */
  static List<String> fencedBlocks(String markdown, String language) {
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^```" + language + "\\n(.*?)^```", Pattern.DOTALL).matcher(markdown);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  /** The values the README's {@code export NAME=...} lines give, as bash computes them in the project's root. */
  static Map<String, String> readmeExports(List<String> names) throws Exception {
    StringBuilder script = new StringBuilder();
    for (String line : MONITORING_README.lines().toList()) {
      if (line.startsWith("export ")) {
        script.append(line).append('\n');
      }
    }
    for (String name : names) {
      script.append("printf '%s\\n' \"$").append(name).append("\"\n");
    }
    Process p = new ProcessBuilder("bash", "-c", script.toString()).redirectErrorStream(true).start();
    List<String> values = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertEquals(0, p.waitFor(), script + "\n" + values);
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      assertFalse(values.get(i).isEmpty(), names.get(i) + " is not set by the README:\n" + script);
      env.put(names.get(i), values.get(i));
    }
    return env;
  }

  /** Grafana's $NAME / ${NAME} in a provisioning value (the only interpolation it does there). */
  static String grafanaInterpolated(String value, Map<String, String> env) {
    Matcher m = Pattern.compile("\\$\\{?(\\w+)\\}?").matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = env.get(m.group(1));
      assertTrue(v != null, "$" + m.group(1) + " of the provisioning file is not set by the README");
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    return m.appendTail(out).toString();
  }

  static Optional<Path> onPath(String binary) {
    return List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)).stream()
        .map(dir -> Path.of(dir, binary)).filter(Files::isExecutable).findFirst();
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
