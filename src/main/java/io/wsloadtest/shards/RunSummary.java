package io.wsloadtest.shards;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.wsloadtest.gatling.ExactAssertions;
import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.ws.Requests;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * run-summary.json of a merged run: connections, KO by cause, latency, the verdict on every assertion and how it
 * was reached, a line per shard (status, counts, start offset, memory, CPU), the servers, the failures.
 *
 * @param perShard each shard's own counts (null for a log cut mid-record: counted in the merged log only)
 * @param records  each shard's record (its start against the planned instant), when it left one
 */
record RunSummary(String simulation, String runId, List<Integer> missing, int plannedUsers, RunStatistics merged,
    List<Launcher.ShardOutcome> shards, Map<Integer, RunStatistics> perShard, Map<Integer, ShardRecord> records,
    List<Launcher.ServerOutcome> servers, List<String> failures, Path report, Resources resources,
    List<ExactAssertions.Result> assertions) {

  static final String FILE = "run-summary.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  void write(Path file) throws IOException {
    RunStatistics m = merged;
    Map<String, Object> root = head(simulation, runId, missing);
    root.put("report", report.toString());
    Map<String, Object> connections = new LinkedHashMap<>();
    connections.put("planned", plannedUsers);
    connections.put("attempted", m.ok(Requests.CONNECT) + m.ko(Requests.CONNECT));
    connections.put("established", m.ok(Requests.CONNECT));
    connections.put("failed", m.ko(Requests.CONNECT));
    connections.put("reconnected", m.ok(Requests.RECONNECT));
    // Open WebSocket connections and virtual users differ: a user waiting to reconnect has none open.
    connections.put("peakOpen", m.peakOpen());
    connections.put("peakConcurrentUsers", m.peakActiveUsers());
    // Above the planned rate when users started late and caught up in a burst.
    connections.put("peakConnectStartsPerSecond", m.peakConnectStartsPerSecond());
    long[] span = m.okSpans.get(Requests.CONNECT);
    if (span != null) {
      connections.put("secondsToOpenAll", (span[1] - span[0]) / 1000.0);
    }
    root.put("connections", connections);
    root.put("requests", Map.of("ok", m.totalOk(), "ko", m.totalKo()));
    root.put("koByCause", m.errors);
    Map<String, Object> latency = new LinkedHashMap<>();
    for (String name : m.requests.keySet()) {
      if (m.percentile(name, 50) >= 0) {
        latency.put(name, Map.of("p50", m.percentile(name, 50), "p95", m.percentile(name, 95),
            "p99", m.percentile(name, 99), "max", m.percentile(name, 100)));
      }
    }
    root.put("latencyMs", latency);
    root.put("assertions", assertionsJson(assertions));
    root.put("shards", shardLines());
    List<Map<String, Object>> serverLines = new ArrayList<>();
    for (Launcher.ServerOutcome s : servers) {
      serverLines.add(Map.of("server", s.name(), "baseRssMb", s.baseRssMb(), "peakRssMb", s.peakRssMb(),
          "cpuSeconds", s.cpuSeconds()));
    }
    root.put("servers", serverLines);
    root.put("resources", resources.asMap());
    root.put("failures", failures);
    JSON.writeValue(file.toFile(), root);
  }

  /** When no shard left a log to merge: what is known, the shards' statuses and why. */
  static void writeWithoutFigures(Path file, String simulation, String runId, List<Integer> missing,
      List<Launcher.ShardOutcome> shards, List<String> failures) throws IOException {
    Map<String, Object> root = head(simulation, runId, missing);
    List<Map<String, Object>> lines = new ArrayList<>();
    for (Launcher.ShardOutcome s : shards) {
      lines.add(Map.of("shard", s.index(), "status", s.status(), "exitCode", s.exitCode()));
    }
    root.put("shards", lines);
    root.put("failures", failures);
    JSON.writeValue(file.toFile(), root);
  }

  private static Map<String, Object> head(String simulation, String runId, List<Integer> missing) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("simulation", simulation);
    root.put("runId", runId);
    // A partial run was merged on purpose without these shards: its counts are not the whole run's.
    root.put("partial", !missing.isEmpty());
    root.put("missingShards", missing);
    return root;
  }

  private static Map<String, Object> assertionsJson(List<ExactAssertions.Result> results) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("judgedBy", ExactAssertions.METHOD);
    out.put("passed", results.stream().allMatch(ExactAssertions.Result::passed));
    List<Map<String, Object>> lines = new ArrayList<>();
    for (ExactAssertions.Result r : results) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("assertion", r.assertion());
      line.put("passed", r.passed());
      line.put(r.error() == null ? "actual" : "error", r.error() == null ? r.actual() : r.error());
      lines.add(line);
    }
    out.put("results", lines);
    return out;
  }

  private List<Map<String, Object>> shardLines() {
    List<Map<String, Object>> lines = new ArrayList<>();
    for (Launcher.ShardOutcome s : shards) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("shard", s.index());
      line.put("status", s.status());
      line.put("exitCode", s.exitCode());
      RunStatistics ss = perShard.get(s.index());
      if (ss != null) {
        line.put("connectOk", ss.ok(Requests.CONNECT));
        line.put("connectKo", ss.ko(Requests.CONNECT));
        line.put("requestsOk", ss.totalOk());
        line.put("requestsKo", ss.totalKo());
      }
      ShardRecord record = records.get(s.index());
      if (record != null && record.started()) {
        // Against the instant all shards planned to start at, on the shared folder's clock.
        line.put("startOffsetMs", record.startOffsetMillis());
        line.put("clockOffsetMs", record.clockOffsetMillis());
      }
      line.put("baseRssMb", s.baseRssMb());
      line.put("peakRssMb", s.peakRssMb());
      line.put("cpuSeconds", s.cpuSeconds());
      lines.add(line);
    }
    return lines;
  }

  /** Memory and CPU of the run's processes, as sampled from /proc while they ran. */
  record Resources(List<Launcher.ShardOutcome> shards, List<Launcher.ServerOutcome> servers, long connections,
      long listenOverflows) {

    long injectorPeakMb() {
      return shards.stream().mapToLong(Launcher.ShardOutcome::peakRssMb).sum();
    }

    long injectorBaseMb() {
      return shards.stream().mapToLong(Launcher.ShardOutcome::baseRssMb).sum();
    }

    double kbPerConnection(long peakMb, long baseMb) {
      return connections == 0 ? 0 : (peakMb - baseMb) * 1024.0 / connections;
    }

    Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("injectorPeakRssMb", injectorPeakMb());
      m.put("injectorBaseRssMb", injectorBaseMb());
      m.put("injectorKbPerConnectionAboveBase", Math.round(kbPerConnection(injectorPeakMb(), injectorBaseMb()) * 10) / 10.0);
      m.put("injectorCpuSeconds", shards.stream().mapToDouble(Launcher.ShardOutcome::cpuSeconds).sum());
      m.put("serverPeakRssMb", servers.stream().mapToLong(Launcher.ServerOutcome::peakRssMb).sum());
      m.put("serverCpuSeconds", servers.stream().mapToDouble(Launcher.ServerOutcome::cpuSeconds).sum());
      m.put("listenOverflows", listenOverflows);
      return m;
    }

    String describe() {
      if (shards.stream().allMatch(s -> s.peakRssMb() == 0)) {
        return "";
      }
      long serverPeak = servers.stream().mapToLong(Launcher.ServerOutcome::peakRssMb).sum();
      long serverBase = servers.stream().mapToLong(Launcher.ServerOutcome::baseRssMb).sum();
      return String.format("injectors:               %d JVMs, peak RSS %,d MB in all (%,d MB before connecting):"
              + " %.1f KB per connection; CPU %.0f s%n", shards.size(), injectorPeakMb(), injectorBaseMb(),
              kbPerConnection(injectorPeakMb(), injectorBaseMb()), shards.stream().mapToDouble(Launcher.ShardOutcome::cpuSeconds).sum())
          + (servers.isEmpty() ? "" : String.format("servers:                 %d processes, peak RSS %,d MB in all"
              + " (%,d MB before connecting): %.1f KB per connection; CPU %.0f s%n", servers.size(), serverPeak, serverBase,
              kbPerConnection(serverPeak, serverBase), servers.stream().mapToDouble(Launcher.ServerOutcome::cpuSeconds).sum()))
          + (listenOverflows < 0 ? "" : String.format("listen-queue overflows:  %d%n", listenOverflows));
    }
  }
}
