package io.wsloadtest.endtoend;

import io.wsloadtest.testkit.GatlingRun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.wsloadtest.metrics.ProgressLine;
import io.wsloadtest.metrics.ShardProgress;
import io.wsloadtest.server.EchoServer;
import io.wsloadtest.config.ServerSettings;
import io.wsloadtest.simlog.RunStatistics;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's package) scrapes two real Gatling JVMs, shard 0 and shard 1 of one run, through
 * the shipped monitoring/prometheus.yml and the file_sd targets they register. Its HTTP API must show the
 * connections climbing to the number of users and the same counts as Gatling's simulation.log; every query
 * of the shipped Grafana dashboard must be valid PromQL.
 */
@Isolated // a Prometheus that scrapes every target registered in reports/prometheus-targets: alone, not beside the other end-to-end classes
class PrometheusEndToEndTest {

  static final int USERS = 30;
  static final int FAILING_USERS = 10;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void prometheusSeesTheRunAsGatlingRecordedIt(@TempDir Path tmp) throws Exception {
    Path prometheus = prometheusBinary();
    Path targets = tmp.resolve("targets");
    int port = freePort();
    Process prom = startPrometheus(prometheus, tmp, targets, port);
    try (EchoServer wrongReply = new EchoServer(
        new ServerSettings("127.0.0.1", List.of(0), "/echo", 65_536, 1024, 1, "ping", "PONG?"))) {
      awaitReady(port, prom, tmp);
      wrongReply.start();
      long start = System.currentTimeMillis() / 1000;
      // Generous timeouts: the machine may be busy, and the point is that metrics and report agree.
      String[] common = {"wsload.metrics.targets-dir", targets.toString(), "wsload.metrics.linger", "20s",
          "wsload.metrics.progress-interval", "1s", "wsload.shard.count", "2",
          "wsload.assertions.max-p99-ms", "60000"};
      // Shard 0: a healthy run against the embedded server, a heartbeat on connect and one after 4 s.
      CompletableFuture<GatlingRun> healthy = runAsync("Heartbeat", tmp.resolve("r0"), concat(common,
          // wsload.users is the whole run's: shard 0 of 2 takes half of it.
          "users", "" + 2 * USERS, "ramp", "2s", "hold", "4s", "wsload.shard.index", "0",
          "wsload.heartbeat.interval", "4s", "wsload.heartbeat.timeout", "3s"));
      // Shard 1: every heartbeat reply is wrong; each user drops the link and reconnects, once a second,
      // until the end of its hold (enough reconnects allowed that its users outlive shard 0's ramp).
      CompletableFuture<GatlingRun> failing = runAsync("Heartbeat", tmp.resolve("r1"), concat(common,
          "users", "" + 2 * FAILING_USERS, "ramp", "1s", "hold", "6s", "target", wrongReply.urls().get(0),
          "wsload.heartbeat.mode", "text", "wsload.heartbeat.interval", "1s", "wsload.heartbeat.timeout", "900ms",
          "wsload.heartbeat.max-reconnects", "100", "wsload.shard.index", "1"));
      // While they run: the launcher's view, both shards summed from their /metrics, as one progress line.
      String total = awaitAllArrived(targets, USERS + FAILING_USERS, healthy);
      assertTrue(total.startsWith("connected ") && total.contains("/" + (USERS + FAILING_USERS) + " (")
          && total.endsWith("ramp done"), total);
      GatlingRun ok = healthy.get(150, TimeUnit.SECONDS);
      GatlingRun ko = failing.get(150, TimeUnit.SECONDS);
      assertEquals(0, ok.exitCode, ok.output);
      assertEquals(2, ko.exitCode, "the failing shard fails its assertions:\n" + ko.output);
      assertTrue(ko.output.contains("Global: percentage of failed events is less than or equal to 0.0 : false"),
          "the failed assertion is named:\n" + ko.output);
      assertTrue(ok.output.contains("progress: connected " + USERS + "/" + USERS + " (100%)"), ok.output);
      RunStatistics s0 = ok.summary();
      RunStatistics s1 = ko.summary();

      // The open-connections series reached the number of users, and went back to 0 after the closes.
      assertEquals(USERS, query(port, "max_over_time(sum(wsload_connections_open{shard=\"0\"})[5m:1s])"));
      assertEquals(0, query(port, "sum(last_over_time(wsload_connections_open{shard=\"0\"}[5m]))"));
      assertEquals(USERS, query(port, "max_over_time(sum(wsload_users_planned)[5m:1s])") - FAILING_USERS);

      // Counters equal Gatling's own counts, shard by shard.
      for (int shard = 0; shard < 2; shard++) {
        RunStatistics s = shard == 0 ? s0 : s1;
        String sh = "shard=\"" + shard + "\"";
        assertEquals(s.ok("connect"), total(port, "wsload_connection_attempts_total{" + sh + ",kind=\"connect\",status=\"ok\"}"), s.toString());
        assertEquals(s.ko("connect"), total(port, "wsload_connection_attempts_total{" + sh + ",kind=\"connect\",status=\"ko\"}"), s.toString());
        assertEquals(s.ok("reconnect"), total(port, "wsload_connection_attempts_total{" + sh + ",kind=\"reconnect\",status=\"ok\"}"), s.toString());
        assertEquals(s.ok(Requests.HEARTBEAT), total(port, "wsload_heartbeats_total{" + sh + ",status=\"ok\"}"), s.toString());
        assertEquals(s.ko(Requests.HEARTBEAT), total(port, "wsload_heartbeats_total{" + sh + ",status=\"missed\"}"), s.toString());
        assertEquals(s.ok(Requests.HEARTBEAT), total(port, "wsload_heartbeat_rtt_seconds_count{" + sh + "}"), s.toString());
        assertEquals(s.ok("close") + s.ko("close"), total(port, "wsload_closes_total{" + sh + "}"), s.toString());
        assertEquals(s.ko("drop"), total(port, "wsload_drops_total{" + sh + "}"), s.toString());
        // Every request of the report, whatever step wrote it, is in /metrics with the same counts.
        for (var r : s.requests.entrySet()) {
          String req = sh + ",request=\"" + r.getKey() + "\"";
          assertEquals(r.getValue()[0], total(port, "wsload_requests_total{" + req + ",status=\"ok\"}"), r.getKey());
          assertEquals(r.getValue()[1], total(port, "wsload_requests_total{" + req + ",status=\"ko\"}"), r.getKey());
        }
      }
      assertEquals(USERS, s0.ok("connect"));
      assertTrue(s0.ok(Requests.HEARTBEAT) >= USERS, s0.toString());
      assertEquals(0, s1.ok(Requests.HEARTBEAT), s1.toString());
      assertTrue(s1.ko(Requests.HEARTBEAT) >= 2L * FAILING_USERS, s1.toString());
      assertTrue(s1.ok("reconnect") >= FAILING_USERS, s1.toString());
      // The embedded echo server of shard 0 exports into the same endpoint.
      assertEquals(USERS, query(port, "sum(max_over_time(wsload_server_connections_accepted_total[5m]))"));

      dashboardQueriesAreValid(port, start);
    } finally {
      prom.destroy();
      if (!prom.waitFor(15, TimeUnit.SECONDS)) {
        prom.destroyForcibly().waitFor();
      }
    }
  }

  /** Every panel query of the shipped dashboard runs, and the panels this run feeds show data. */
  private void dashboardQueriesAreValid(int port, long start) throws Exception {
    JsonNode dashboard = JSON.readTree(Path.of("monitoring/grafana/dashboards/wsload-run.json").toFile());
    List<String> empty = new ArrayList<>();
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        String expr = target.get("expr").asText().replace("$shard", ".*").replace("$__rate_interval", "5s");
        JsonNode result = api(port, "/api/v1/query_range?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)
            + "&start=" + start + "&end=" + (System.currentTimeMillis() / 1000 + 1) + "&step=1");
        if (result.get("data").get("result").isEmpty()) {
          empty.add(panel.get("title").asText() + ": " + expr);
        }
      }
    }
    // Echo panels have no data in a heartbeat run; everything else must.
    for (String e : empty) {
      assertTrue(e.contains("echo") || e.contains("close failed") || e.contains("status=\"ko\""), "no data for " + e);
    }
  }

  /** Polls the summed progress of the registered shards until every user of both has arrived. */
  private static String awaitAllArrived(Path targets, int users, CompletableFuture<GatlingRun> run) throws Exception {
    Supplier<ProgressLine.Snapshot> total = ShardProgress.total(targets);
    ProgressLine.Snapshot s = total.get();
    while (s.arrived() < users || s.target() < users) {
      if (run.isDone()) {
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

  private static CompletableFuture<GatlingRun> runAsync(String simulation, Path results, String[] props) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return GatlingRun.run(simulation, results, false, props);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
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

  /** The shipped monitoring/prometheus.yml, scraping every second and reading this test's targets folder. */
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
