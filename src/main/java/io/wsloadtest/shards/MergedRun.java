package io.wsloadtest.shards;

import io.wsloadtest.ws.Requests;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.simlog.SimulationLogException;
import io.wsloadtest.simlog.SimulationLogMerger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shards' simulation.log files merged into one, rendered by Gatling's reports-only mode as one report,
 * and summarised in run-summary.json. A shard whose log is missing, cut or corrupt is named in the
 * failures; the others still make the report. The merged log cannot be written: a
 * {@link SimulationLogException} naming the path, at once.
 */
final class MergedRun {

  static final String SUMMARY_FILE = "run-summary.json";

  private final Path reportDir;
  private final int reportExitCode;
  private final boolean reportFailed;
  private final List<String> failures;
  private final RunStatistics summary;
  private final String reportOutput;
  private final Path summaryFile;

  private final Resources resources;

  private MergedRun(Path reportDir, int reportExitCode, boolean reportFailed, List<String> failures,
      RunStatistics summary, String reportOutput, Path summaryFile, Resources resources) {
    this.reportFailed = reportFailed;
    this.failures = failures;
    this.resources = resources;
    this.reportDir = reportDir;
    this.reportExitCode = reportExitCode;
    this.summary = summary;
    this.reportOutput = reportOutput;
    this.summaryFile = summaryFile;
  }

  /**
   * @param runId    the run every shard recorded
   * @param missing  shard indices accepted as missing (a partial run, said so in report and summary)
   * @param failures what went wrong so far; the merge adds to it
   */
  /**
   * Merges, prints the failures and the merged run, and returns the run's exit code: the one ending that
   * bin/launch and bin/merge-shards share.
   */
  static int mergeAndDescribe(String simulation, Path runDir, String runId, List<Integer> missing,
      List<Launcher.ShardOutcome> shards, List<Launcher.ServerOutcome> servers, int plannedUsers, List<String> failures,
      long listenOverflows) throws Exception {
    MergedRun merged;
    try {
      merged = merge(simulation, runDir, runId, missing, shards, servers, plannedUsers, failures, listenOverflows);
    } catch (SimulationLogException e) {
      failures.forEach(f -> System.err.println("FAILED: " + f));
      System.err.println("FAILED: the merged run cannot be written: " + e.getMessage());
      return ExitCodes.REPORT_FAILED;
    }
    failures.forEach(f -> System.err.println("FAILED: " + f));
    System.out.println(merged.describe());
    return merged.exitCode();
  }

  static MergedRun merge(String simulation, Path runDir, String runId, List<Integer> missing,
      List<Launcher.ShardOutcome> shards, List<Launcher.ServerOutcome> servers, int plannedUsers, List<String> failures,
      long listenOverflows) throws Exception {
    Map<Integer, Path> logs = new LinkedHashMap<>();
    for (Launcher.ShardOutcome s : shards) {
      Path dir = runDir.resolve("shard-" + s.index());
      try {
        Path log = GatlingCommand.runFolder(dir).resolve("simulation.log");
        if (Files.exists(log)) {
          logs.put(s.index(), log);
          continue;
        }
      } catch (IOException e) {
        // no run folder at all: reported below
      }
      failures.add("shard " + s.index() + " left no simulation.log in " + dir + "; its users are missing from the report");
    }
    String name = simulation.toLowerCase() + "-merged";
    Path mergedDir = runDir.resolve("merged");
    Path mergedLog = mergedDir.resolve(name).resolve("simulation.log");
    Map<Integer, RunStatistics> perShard = new LinkedHashMap<>();
    String partial = missing.isEmpty() ? null : "PARTIAL RUN: shard(s) " + missing + " missing";
    if (partial != null) {
      failures.add(partial + " (accepted with --partial)");
    }
    while (true) {
      if (logs.isEmpty()) {
        throw new IllegalStateException("no shard produced a readable simulation.log: nothing to report. "
            + String.join("; ", failures));
      }
      try {
        Map<Path, Long> cut = SimulationLogMerger.merge(new ArrayList<>(logs.values()), mergedLog, true, partial);
        cut.forEach((file, kept) -> failures.add(file + " was cut mid-record (its JVM died while writing): kept its "
            + kept + " complete records"));
        break;
      } catch (SimulationLogException e) {
        if (!logs.containsValue(e.file())) {
          throw e; // the output cannot be written: retrying cannot help
        }
        // Drop the unreadable shard, keep the others.
        failures.add(e.getMessage());
        logs.values().remove(e.file());
      }
    }
    for (Map.Entry<Integer, Path> e : logs.entrySet()) {
      try {
        perShard.put(e.getKey(), RunStatistics.read(e.getValue()));
      } catch (SimulationLogException cut) {
        perShard.put(e.getKey(), null); // cut logs are counted through the merged log only
      }
    }

    Path reportOut = mergedDir.resolve("report.out");
    Process p = new ProcessBuilder(GatlingCommand.reportsOnly(mergedDir, name, 1024))
        .redirectErrorStream(true).redirectOutput(reportOut.toFile()).start();
    boolean reportFailed = false;
    if (!p.waitFor(30, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      failures.add("rendering the merged report did not finish within 30 minutes; see " + reportOut);
      reportFailed = true;
    }
    Path index = mergedDir.resolve(name).resolve("index.html");
    // Gatling's reports-only mode exits 2 for failed assertions, 0 for passed ones; anything else is its own failure.
    if (!reportFailed && ((p.exitValue() != 0 && p.exitValue() != 2) || !Files.exists(index))) {
      failures.add("Gatling could not render the merged report (exit " + p.exitValue() + "); see " + reportOut);
      reportFailed = true;
    }
    RunStatistics merged = RunStatistics.read(mergedLog);
    long attempts = merged.ok(Requests.CONNECT) + merged.ko(Requests.CONNECT);
    if (plannedUsers >= 0 && attempts != plannedUsers) {
      failures.add("the merged run has " + attempts + " connect attempts for " + plannedUsers + " planned users");
    }
    Path summaryFile = runDir.resolve(SUMMARY_FILE);
    Resources resources = new Resources(shards, servers, merged.ok(Requests.CONNECT), listenOverflows);
    writeSummary(summaryFile, simulation, runId, missing, plannedUsers, merged, shards, perShard, servers, failures,
        index, resources);
    return new MergedRun(mergedDir.resolve(name), p.exitValue(), reportFailed, failures, merged,
        Files.readString(reportOut), summaryFile, resources);
  }

  private static void writeSummary(Path file, String simulation, String runId, List<Integer> missing,
      int plannedUsers, RunStatistics m,
      List<Launcher.ShardOutcome> shards, Map<Integer, RunStatistics> perShard,
      List<Launcher.ServerOutcome> servers, List<String> failures, Path report, Resources resources)
      throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("simulation", simulation);
    root.put("runId", runId);
    // A partial run was merged on purpose without these shards: its counts are not the whole run's.
    root.put("partial", !missing.isEmpty());
    root.put("missingShards", missing);
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
    List<Map<String, Object>> shardLines = new ArrayList<>();
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
      line.put("baseRssMb", s.baseRssMb());
      line.put("peakRssMb", s.peakRssMb());
      line.put("cpuSeconds", s.cpuSeconds());
      shardLines.add(line);
    }
    root.put("shards", shardLines);
    List<Map<String, Object>> serverLines = new ArrayList<>();
    for (Launcher.ServerOutcome s : servers) {
      serverLines.add(Map.of("server", s.name(), "baseRssMb", s.baseRssMb(), "peakRssMb", s.peakRssMb(),
          "cpuSeconds", s.cpuSeconds()));
    }
    root.put("servers", serverLines);
    root.put("resources", resources.asMap());
    root.put("failures", failures);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
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

  /** See {@link ExitCodes}: a report that failed to render first, then failed or missing shards, then assertions. */
  int exitCode() {
    if (reportFailed) {
      return ExitCodes.REPORT_FAILED;
    }
    if (!failures.isEmpty()) {
      return ExitCodes.SHARD_FAILED;
    }
    return reportExitCode == 0 ? ExitCodes.OK : ExitCodes.ASSERTION_FAILED;
  }

  String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("\nMerged run:\n").append(RunFigures.render(summary));
    sb.append(resources.describe());
    reportOutput.lines().filter(l -> l.contains(" : true") || l.contains(" : false"))
        .forEach(l -> sb.append("assertion ").append(l).append('\n'));
    sb.append("Report:  ").append(reportDir.resolve("index.html").toUri()).append('\n');
    sb.append("Summary: ").append(summaryFile).append('\n');
    return sb.toString();
  }
}
