package io.wsloadtest.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.wsloadtest.config.ServerSettings;
import io.wsloadtest.metrics.DashboardQueries;
import io.wsloadtest.metrics.ProgressLine;
import io.wsloadtest.metrics.ScrapeTarget;
import io.wsloadtest.metrics.ShardProgress;
import io.wsloadtest.server.EchoServer;
import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.testkit.GatlingJvm;
import io.wsloadtest.ws.Requests;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A real Prometheus (Debian's package) scrapes real Gatling JVMs through the shipped monitoring/prometheus.yml and
 * the file_sd targets they register: shard 0 and shard 1 of a Heartbeat run (one healthy, one whose every
 * heartbeat reply is wrong), then, while they hold, a Connect, an Echo and a Push run. Its HTTP API must show the
 * connections climbing to the number of users and the same counts as Gatling's simulation.log, every series
 * labelled with its process; and every query of the shipped Grafana dashboard, its variables replaced as Grafana
 * does, must return data, each panel some value other than 0.
 */
@Isolated // five Gatling JVMs and a Prometheus: alone, not beside the other end-to-end classes
class PrometheusEndToEndTest {

  static final int USERS = 30;
  static final int FAILING_USERS = 10;
  static final int SMALL = 10; // users of the Connect, Echo and Push runs
  /** Grafana's $__rate_interval at its smallest: 4 scrape intervals (1 s here). */
  static final String RATE_INTERVAL = "4s";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void prometheusSeesTheRunAsGatlingRecordedItAndEveryPanelShowsData(@TempDir Path tmp) throws Exception {
    Path prometheus = prometheusBinary();
    Path targets = tmp.resolve("targets");
    int port = freePort();
    Process prom = startPrometheus(prometheus, tmp, targets, port);
    List<GatlingJvm.Started> started = new ArrayList<>();
    try (EchoServer wrongReply = new EchoServer(
        new ServerSettings("127.0.0.1", List.of(0), "/echo", 65_536, 1024, 1, "ping", "PONG?"))) {
      awaitReady(port, prom, tmp);
      wrongReply.start();
      long start = System.currentTimeMillis() / 1000;
      // Generous timeouts: the machine may be busy, and the point is that metrics and report agree.
      String[] metrics = {"wsload.metrics.targets-dir", targets.toString(), "wsload.metrics.linger", "20s",
          "wsload.metrics.progress-interval", "1s", "wsload.assertions.max-p99-ms", "60000"};
      String[] twoShards = concat(metrics, "wsload.shard.count", "2");
      // Both shards hold 10 s: long enough that they overlap however far apart their JVMs start on a busy host.
      // Shard 0: a healthy run against the embedded server, a heartbeat on connect and every 4 s.
      GatlingJvm.Started healthy = start(started, "Heartbeat", tmp.resolve("r0"), concat(twoShards,
          // wsload.users is the whole run's: shard 0 of 2 takes half of it.
          "users", "" + 2 * USERS, "ramp", "2s", "hold", "10s", "wsload.shard.index", "0",
          "wsload.heartbeat.interval", "4s", "wsload.heartbeat.timeout", "3s"));
      // Shard 1: every heartbeat reply is wrong; each user drops the link and reconnects, once a second,
      // until the end of its hold (enough reconnects allowed for all of it).
      GatlingJvm.Started failing = start(started, "Heartbeat", tmp.resolve("r1"), concat(twoShards,
          "users", "" + 2 * FAILING_USERS, "ramp", "1s", "hold", "10s", "target", wrongReply.urls().get(0),
          "wsload.heartbeat.mode", "text", "wsload.heartbeat.interval", "1s", "wsload.heartbeat.timeout", "900ms",
          "wsload.heartbeat.max-reconnects", "100", "wsload.shard.index", "1"));
      // While they run: the launcher's view, both shards summed from their /metrics, as one progress line.
      String total = awaitAllArrived(targets, Set.of(healthy.process().pid(), failing.process().pid()),
          USERS + FAILING_USERS, healthy);
      assertTrue(total.startsWith("connected ") && total.contains("/" + (USERS + FAILING_USERS) + " (")
          && total.endsWith("ramp done"), total);
      // Then the other scenarios, each against its own embedded server, for the panels a heartbeat run leaves
      // empty (started now, so that five JVMs starting at once do not spread the two shards' starts apart).
      // Each holds 10 s: Prometheus hands new file_sd targets to its scrapers every 5 s, and a run that ends
      // before its first scrape is never seen (CI once lost a 4 s Echo run that way).
      GatlingJvm.Started connect = start(started, "Connect", tmp.resolve("connect"), concat(metrics,
          "users", "" + SMALL, "ramp", "1s", "hold", "10s"));
      GatlingJvm.Started echo = start(started, "Echo", tmp.resolve("echo"), concat(metrics,
          "users", "" + SMALL, "ramp", "1s", "hold", "10s", "wsload.echo.count", "0", "wsload.echo.interval", "500ms"));
      GatlingJvm.Started push = start(started, "Push", tmp.resolve("push"), concat(metrics,
          "users", "" + SMALL, "ramp", "1s", "hold", "10s", "wsload.server.broadcast.rate", "20"));
      GatlingJvm ok = healthy.await();
      GatlingJvm ko = failing.await();
      assertEquals(0, ok.exitCode, ok.all());
      assertEquals(2, ko.exitCode, "the failing shard fails its assertions:\n" + ko.all());
      assertTrue(ko.stdout.contains("Global: percentage of failed events is less than or equal to 0.0 : false"),
          "the failed assertion is named:\n" + ko.all());
      assertTrue(ok.stdout.contains("progress: connected " + USERS + "/" + USERS + " (100%)"), ok.all());
      for (GatlingJvm.Started other : List.of(connect, echo, push)) {
        GatlingJvm run = other.await();
        assertEquals(0, run.exitCode, other.simulation() + ":\n" + run.all());
        RunStatistics s = run.summary();
        assertEquals(SMALL, s.ok("connect"), other.simulation() + ": " + s);
        countsAgree(port, pid(other), s);
      }
      RunStatistics s0 = ok.summary();
      RunStatistics s1 = ko.summary();
      String p0 = "pid=\"" + pid(healthy) + "\"";

      // The open-connections series reached the number of users, and went back to 0 after the closes.
      assertEquals(USERS, query(port, "max_over_time(sum(wsload_connections_open{" + p0 + "})[5m:1s])"));
      assertEquals(0, query(port, "sum(last_over_time(wsload_connections_open{" + p0 + "}[5m]))"));
      assertEquals(USERS + FAILING_USERS, query(port, "max_over_time(sum(wsload_users_planned{pid=~\""
          + pid(healthy) + "|" + pid(failing) + "\"})[5m:1s])"), "shard 0's and shard 1's share of their run");

      // Counters equal Gatling's own counts, shard by shard.
      countsAgree(port, pid(healthy), s0);
      countsAgree(port, pid(failing), s1);
      assertEquals(USERS, s0.ok("connect"));
      assertTrue(s0.ok(Requests.HEARTBEAT) >= USERS, s0.toString());
      assertEquals(0, s1.ok(Requests.HEARTBEAT), s1.toString());
      assertTrue(s1.ko(Requests.HEARTBEAT) >= 2L * FAILING_USERS, s1.toString());
      assertTrue(s1.ok("reconnect") >= FAILING_USERS, s1.toString());
      // The embedded echo server of shard 0 exports into the same endpoint.
      assertEquals(USERS, query(port, "sum(max_over_time(wsload_server_connections_accepted_total{" + p0 + "}[5m]))"));

      // Every process was a target with its labels: role, this host's name, its pid, and its shard.
      for (GatlingJvm.Started jvm : started) {
        String labels = "{job=\"wsload\",role=\"injector\",hostname=\"" + ScrapeTarget.thisHost() + "\",pid=\""
            + pid(jvm) + "\"}";
        assertEquals(1, query(port, "max_over_time(up" + labels + "[5m])"), jvm.simulation() + " " + labels);
      }
      assertEquals(List.of(), List.of(targets.toFile().list()), "every process removed its target at exit");

      everyPanelShowsData(port, start);
    } finally {
      for (GatlingJvm.Started jvm : started) {
        jvm.process().destroyForcibly();
      }
      prom.destroy();
      if (!prom.waitFor(15, TimeUnit.SECONDS)) {
        prom.destroyForcibly().waitFor();
      }
    }
  }

  /** The counters of one process equal its report's counts. */
  private static void countsAgree(int port, long pid, RunStatistics s) throws Exception {
    String p = "pid=\"" + pid + "\"";
    assertEquals(s.ok("connect"), total(port, "wsload_connection_attempts_total{" + p + ",kind=\"connect\",status=\"ok\"}"), s.toString());
    assertEquals(s.ko("connect"), total(port, "wsload_connection_attempts_total{" + p + ",kind=\"connect\",status=\"ko\"}"), s.toString());
    assertEquals(s.ok("reconnect"), total(port, "wsload_connection_attempts_total{" + p + ",kind=\"reconnect\",status=\"ok\"}"), s.toString());
    assertEquals(s.ok(Requests.HEARTBEAT), total(port, "wsload_heartbeats_total{" + p + ",status=\"ok\"}"), s.toString());
    assertEquals(s.ko(Requests.HEARTBEAT), total(port, "wsload_heartbeats_total{" + p + ",status=\"missed\"}"), s.toString());
    assertEquals(s.ok(Requests.HEARTBEAT), total(port, "wsload_heartbeat_rtt_seconds_count{" + p + "}"), s.toString());
    assertEquals(s.ok("close") + s.ko("close"), total(port, "wsload_closes_total{" + p + "}"), s.toString());
    assertEquals(s.ko("drop"), total(port, "wsload_drops_total{" + p + "}"), s.toString());
    assertEquals(s.ok(Requests.PUSH) + s.ko(Requests.PUSH), total(port, "wsload_push_latency_seconds_count{" + p + "}"),
        s.toString());
    // Every request of the report, whatever step wrote it, is in /metrics with the same counts.
    for (var r : s.requests.entrySet()) {
      String req = p + ",request=\"" + r.getKey() + "\"";
      assertEquals(r.getValue()[0], total(port, "wsload_requests_total{" + req + ",status=\"ok\"}"), r.getKey());
      assertEquals(r.getValue()[1], total(port, "wsload_requests_total{" + req + ",status=\"ko\"}"), r.getKey());
    }
  }

  /**
   * Every query of the shipped dashboard, as Grafana sends it with all shards selected, returns data over the
   * runs; and every panel shows some value other than 0 (a latency, a rate, a count) somewhere in them.
   */
  private void everyPanelShowsData(int port, long start) throws Exception {
    DashboardQueries dashboard = DashboardQueries.shipped();
    List<String> empty = new ArrayList<>();
    Map<String, Boolean> panelHasValue = new LinkedHashMap<>();
    long end = System.currentTimeMillis() / 1000 + 1;
    for (DashboardQueries.Query q : dashboard.queries()) {
      String expr = dashboard.substituted(q.expr(), RATE_INTERVAL);
      JsonNode result = api(port, "/api/v1/query_range?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)
          + "&start=" + start + "&end=" + end + "&step=1").get("data").get("result");
      if (result.isEmpty()) {
        empty.add(q.panel() + ": " + expr);
      }
      boolean nonZero = false;
      for (JsonNode series : result) {
        for (JsonNode point : series.get("values")) {
          double v = Double.parseDouble(point.get(1).asText());
          nonZero |= Double.isFinite(v) && v != 0;
        }
      }
      panelHasValue.merge(q.panel(), nonZero, Boolean::logicalOr);
    }
    assertEquals(List.of(), empty, "dashboard queries that returned nothing");
    List<String> flat = panelHasValue.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
    assertEquals(List.of(), flat, "panels with nothing but 0 or NaN");
    assertTrue(panelHasValue.size() >= 12, "panels: " + panelHasValue.keySet());
  }

  /** Polls the summed progress of the shards with these pids until every user of both has arrived. */
  private static String awaitAllArrived(Path targets, Set<Long> pids, int users, GatlingJvm.Started run)
      throws Exception {
    Supplier<ProgressLine.Snapshot> total = ShardProgress.total(targets, pids);
    ProgressLine.Snapshot s = total.get();
    while (s.arrived() < users || s.target() < users) {
      if (!run.process().isAlive()) {
        fail("the run ended before the summed progress showed all " + users + " users: " + s);
      }
      Thread.sleep(100);
      s = total.get();
    }
    return ProgressLine.render(s, null);
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static GatlingJvm.Started start(List<GatlingJvm.Started> started, String simulation, Path results,
      String[] props) throws IOException {
    GatlingJvm.Started jvm = GatlingJvm.start(simulation, results, false, Map.of(), props);
    started.add(jvm);
    return jvm;
  }

  private static long pid(GatlingJvm.Started jvm) {
    return jvm.process().pid();
  }

  /** The final value of a counter: its largest value over the run, summed over its series. */
  private static long total(int port, String selector) throws Exception {
    return query(port, "sum(max_over_time(" + selector + "[5m]))");
  }

  /** An instant query whose answer is one number; an empty answer is 0 (no such series was ever seen). */
  private static long query(int port, String promql) throws Exception {
    JsonNode result = api(port, "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
        .get("data").get("result");
    if (result.isEmpty()) {
      return 0;
    }
    assertEquals(1, result.size(), promql + " gave " + result);
    return Math.round(Double.parseDouble(result.get(0).get("value").get(1).asText()));
  }

  private static JsonNode api(int port, String pathAndQuery) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(r.body());
    assertEquals("success", body.path("status").asText(), pathAndQuery + " -> " + r.body());
    return body;
  }

  /** The shipped monitoring/prometheus.yml, scraping every second and reading this test's own targets folder. */
  private static Process startPrometheus(Path binary, Path tmp, Path targets, int port) throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    ObjectNode config = (ObjectNode) yaml.readTree(Path.of("monitoring/prometheus.yml").toFile());
    ((ObjectNode) config.get("global")).put("scrape_interval", "1s").put("evaluation_interval", "1s");
    ObjectNode sd = (ObjectNode) config.get("scrape_configs").get(0).get("file_sd_configs").get(0);
    sd.putArray("files").add(targets.resolve("*.json").toString());
    sd.put("refresh_interval", "1s");
    Path file = tmp.resolve("prometheus.yml");
    yaml.writeValue(file.toFile(), config);
    Files.createDirectories(targets);
    return new ProcessBuilder(binary.toString(), "--config.file=" + file, "--storage.tsdb.path=" + tmp.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.out").toFile()).start();
  }

  private static void awaitReady(int port, Process prom, Path tmp) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!prom.isAlive()) {
        fail("prometheus exited with " + prom.exitValue() + ":\n" + Files.readString(tmp.resolve("prometheus.out")));
      }
      try {
        HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    fail("prometheus not ready within 60 s:\n" + Files.readString(tmp.resolve("prometheus.out")));
  }

  /** Skipped where Prometheus is not installed; in CI (.ci/run installs it) its absence is a failure. */
  private static Path prometheusBinary() {
    Optional<Path> found = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
        .map(dir -> Path.of(dir, "prometheus")).filter(Files::isExecutable).findFirst();
    if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
      fail("prometheus is not installed but CI=true: .ci/run installs it (apt-get install prometheus)");
    }
    assumeTrue(found.isPresent(), "prometheus is not installed (apt-get install prometheus); skipping the"
        + " Prometheus end-to-end test");
    return found.get();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
