package io.wsloadtest.shards;

import io.wsloadtest.gatling.ExactAssertions;
import io.wsloadtest.gatling.RunOutcome;
import io.wsloadtest.simlog.RunFigures;
import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.simlog.SimulationLogException;
import io.wsloadtest.simlog.SimulationLogMerger;
import io.wsloadtest.simlog.StatsByPath;
import io.wsloadtest.ws.Requests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The shards' simulation.log files merged into one, rendered by Gatling's reports-only mode as one report,
 * judged, and summarised in run-summary.json. The merged run alone judges the assertions (shards only report),
 * on exact figures of the merged log ({@link ExactAssertions}), not on the percentile estimates of Gatling's
 * report. A shard whose log is missing, cut or corrupt is named in the failures; the others still make the
 * report. The merged log cannot be written: a {@link SimulationLogException} naming the path, at once.
 */
final class MergedRun {

  static final String SUMMARY_FILE = RunSummary.FILE;

  private final Path reportDir;
  private final boolean reportFailed;
  private final List<String> failures;
  private final RunStatistics summary;
  private final List<ExactAssertions.Result> verdict;
  private final Path summaryFile;
  private final RunSummary.Resources resources;
  private final Map<Integer, ShardRecord> records;

  private MergedRun(Path reportDir, boolean reportFailed, List<String> failures, RunStatistics summary,
      List<ExactAssertions.Result> verdict, Path summaryFile, RunSummary.Resources resources,
      Map<Integer, ShardRecord> records) {
    this.reportDir = reportDir;
    this.reportFailed = reportFailed;
    this.failures = failures;
    this.summary = summary;
    this.verdict = verdict;
    this.summaryFile = summaryFile;
    this.resources = resources;
    this.records = records;
  }

  /** No shard left a log that could be read: nothing to merge, report or judge. */
  static final class NothingToMerge extends Exception {
    private static final long serialVersionUID = 1L;

    NothingToMerge(String message) {
      super(message);
    }
  }

  /**
   * Merges, prints the failures and the merged run, writes its outcome (RUN_DIR/outcome.json) and returns its
   * exit code: the one ending that bin/launch and bin/merge-shards share.
   *
   * @param runId    the run every shard recorded
   * @param missing  shard indices accepted as missing (a partial run, said so in report and summary)
   * @param failures what went wrong so far; the merge adds to it
   */
  static int mergeAndDescribe(String simulation, Path runDir, String runId, List<Integer> missing,
      List<Launcher.ShardOutcome> shards, List<Launcher.ServerOutcome> servers, int plannedUsers, List<String> failures,
      long listenOverflows) throws Exception {
    int code;
    String detail;
    try {
      MergedRun merged = merge(simulation, runDir, runId, missing, shards, servers, plannedUsers, failures,
          listenOverflows);
      failures.forEach(f -> System.err.println("FAILED: " + f));
      System.out.println(merged.describe());
      code = merged.exitCode();
      detail = merged.detail();
    } catch (SimulationLogException e) {
      failures.forEach(f -> System.err.println("FAILED: " + f));
      System.err.println("FAILED: the merged run cannot be written: " + e.getMessage());
      code = ExitCodes.REPORT_FAILED;
      detail = e.getMessage();
    } catch (NothingToMerge e) {
      failures.forEach(f -> System.err.println("FAILED: " + f));
      System.err.println("FAILED: " + e.getMessage());
      RunSummary.writeWithoutFigures(runDir.resolve(SUMMARY_FILE), simulation, runId, missing, shards, failures);
      code = ExitCodes.SHARD_FAILED;
      detail = e.getMessage();
    }
    new RunOutcome(code, ExitCodes.outcome(code), detail).writeQuietly(runDir.resolve(RunOutcome.FILE));
    return code;
  }

  static MergedRun merge(String simulation, Path runDir, String runId, List<Integer> missing,
      List<Launcher.ShardOutcome> shards, List<Launcher.ServerOutcome> servers, int plannedUsers, List<String> failures,
      long listenOverflows) throws Exception {
    Map<Integer, Path> logs = shardLogs(runDir, shards, failures);
    String name = simulation.toLowerCase() + "-merged";
    Path mergedDir = runDir.resolve("merged");
    Path mergedLog = mergedDir.resolve(name).resolve("simulation.log");
    String partial = missing.isEmpty() ? null : "PARTIAL RUN: shard(s) " + missing + " missing";
    if (partial != null) {
      failures.add(partial + " (accepted with --partial)");
    }
    while (true) {
      if (logs.isEmpty()) {
        throw new NothingToMerge("no shard left a readable simulation.log: nothing to merge, report or judge; see "
            + runDir + "/shard-N.out (or the shards' own logs)");
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
    Map<Integer, RunStatistics> perShard = new LinkedHashMap<>();
    for (Map.Entry<Integer, Path> e : logs.entrySet()) {
      try {
        perShard.put(e.getKey(), RunStatistics.read(e.getValue()));
      } catch (SimulationLogException cut) {
        perShard.put(e.getKey(), null); // cut logs are counted through the merged log only
      }
    }
    boolean reportFailed = !render(mergedDir, name, failures);
    RunStatistics merged = RunStatistics.read(mergedLog);
    List<ExactAssertions.Result> verdict = ExactAssertions.judge(StatsByPath.read(mergedLog));
    long attempts = merged.ok(Requests.CONNECT) + merged.ko(Requests.CONNECT);
    if (plannedUsers >= 0 && attempts != plannedUsers) {
      failures.add("the merged run has " + attempts + " connect attempts for " + plannedUsers + " planned users");
    }
    Map<Integer, ShardRecord> records = records(runDir, shards);
    Path summaryFile = runDir.resolve(SUMMARY_FILE);
    RunSummary.Resources resources = new RunSummary.Resources(shards, servers, merged.ok(Requests.CONNECT),
        listenOverflows);
    new RunSummary(simulation, runId, missing, plannedUsers, merged, shards, perShard, records, servers, failures,
        mergedDir.resolve(name).resolve("index.html"), resources, verdict).write(summaryFile);
    return new MergedRun(mergedDir.resolve(name), reportFailed, failures, merged, verdict, summaryFile, resources,
        records);
  }

  /** Each shard's simulation.log; a shard without one is a failure, its users missing from the report. */
  private static Map<Integer, Path> shardLogs(Path runDir, List<Launcher.ShardOutcome> shards, List<String> failures) {
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
      failures.add("shard " + s.index() + " left no simulation.log in " + dir + "; its users are missing from the report"
          + whyNot(dir));
    }
    return logs;
  }

  /** What a shard that did not run recorded about it, e.g. that it saw the start too late. */
  private static String whyNot(Path shardDir) {
    try {
      return ShardRecord.read(shardDir).filter(ShardRecord::isFailed).map(r -> " (it recorded: " + r.reason() + ")")
          .orElse("");
    } catch (IOException e) {
      return "";
    }
  }

  /** Gatling's reports-only mode renders the merged log; false (and a failure) when it could not. */
  private static boolean render(Path mergedDir, String name, List<String> failures) throws Exception {
    Path reportOut = mergedDir.resolve("report.out");
    Process p = new ProcessBuilder(GatlingCommand.reportsOnly(mergedDir, name, 1024))
        .redirectErrorStream(true).redirectOutput(reportOut.toFile()).start();
    if (!p.waitFor(30, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      failures.add("rendering the merged report did not finish within 30 minutes; see " + reportOut);
      return false;
    }
    // Its exit code 2 is its own reading of the assertions, not a rendering failure: the verdict is judged here.
    if ((p.exitValue() != 0 && p.exitValue() != 2) || !Files.exists(mergedDir.resolve(name).resolve("index.html"))) {
      failures.add("Gatling could not render the merged report (exit " + p.exitValue() + "); see " + reportOut);
      return false;
    }
    return true;
  }

  /** The record each shard left in its folder (its start offset), where there is one. */
  private static Map<Integer, ShardRecord> records(Path runDir, List<Launcher.ShardOutcome> shards) {
    Map<Integer, ShardRecord> records = new LinkedHashMap<>();
    for (Launcher.ShardOutcome s : shards) {
      try {
        Optional<ShardRecord> r = ShardRecord.read(ShardRecord.shardDir(runDir, s.index()));
        r.ifPresent(record -> records.put(s.index(), record));
      } catch (IOException e) {
        // an unreadable record only costs the start offset in the summary; RunFolder refuses such runs earlier
      }
    }
    return records;
  }

  /** See {@link ExitCodes}: a report that failed to render first, then failed or missing shards, then assertions. */
  int exitCode() {
    if (reportFailed) {
      return ExitCodes.REPORT_FAILED;
    }
    if (!failures.isEmpty()) {
      return ExitCodes.SHARD_FAILED;
    }
    return passed() ? ExitCodes.OK : ExitCodes.ASSERTION_FAILED;
  }

  private boolean passed() {
    return verdict.stream().allMatch(ExactAssertions.Result::passed);
  }

  /** One line for the outcome file: the first failure, or the first failed assertion. */
  private String detail() {
    if (!failures.isEmpty()) {
      return failures.get(0);
    }
    return verdict.stream().filter(r -> !r.passed()).map(ExactAssertions.Result::line).findFirst().orElse("");
  }

  String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("\nMerged run:\n").append(RunFigures.render(summary));
    sb.append(resources.describe());
    sb.append(StartOffsets.describe(records));
    sb.append("assertions, judged on exact figures of the merged log (every response time; Gatling's report"
        + " estimates percentiles):\n");
    if (verdict.isEmpty()) {
      sb.append("  none declared\n");
    }
    verdict.forEach(r -> sb.append("assertion ").append(r.line()).append('\n'));
    sb.append("Report:  ").append(reportDir.resolve("index.html").toUri()).append('\n');
    sb.append("Summary: ").append(summaryFile).append('\n');
    return sb.toString();
  }
}
