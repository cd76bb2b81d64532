package io.wsloadtest.shards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.testkit.RefusedPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * bin/merge-shards on real shard logs: the merged counts are checked against the statistics Gatling itself
 * renders, and shards that do not add up to one run are refused before anything is merged.
 */
@Isolated // System.out captured: alone, not beside the other end-to-end classes
class MergeShardsTest {

  /** Real Gatling shard results: two good shards of different sizes, one whose connects were all refused. */
  static Path okA;
  static Path okB;
  static Path refused;

  @BeforeAll
  static void realShardRuns(@TempDir Path dir) throws Exception {
    List<Integer> exits;
    try (RefusedPort dead = new RefusedPort()) {
      // Shards (index 0 of 2, so half the users) carry no single-JVM "all users connected" assertion into the merge.
      List<Process> runs = List.of(
          shardRun(dir.resolve("a"), "24", "embedded"),
          shardRun(dir.resolve("b"), "10", "embedded"),
          // Its string cache starts with an error message and lacks the later requests: a different cache.
          shardRun(dir.resolve("r"), "6", dead.url()));
      for (Process p : runs) {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new AssertionError("a shard run did not finish within 120 s");
        }
      }
      exits = runs.stream().map(Process::exitValue).toList();
    }
    okA = dir.resolve("a");
    okB = dir.resolve("b");
    refused = dir.resolve("r");
    assertEquals(0, exits.get(0), () -> output(okA));
    assertEquals(0, exits.get(1), () -> output(okB));
    assertEquals(ExitCodes.ASSERTION_FAILED, exits.get(2), "all connects KO");
  }

  private static Process shardRun(Path results, String users, String target) throws IOException {
    Map<String, String> props = new java.util.LinkedHashMap<>(Map.of("users", users, "ramp", "1s", "hold", "1s",
        "target", target, "wsload.shard.index", "0", "wsload.shard.count", "2",
        "wsload.source-ips", "127.0.0.2,127.0.0.3", "wsload.metrics.enabled", "false",
        "java.util.prefs.userRoot", results.resolveSibling(results.getFileName() + "-prefs").toString()));
    // Three JVMs at once on a machine that may be busy: the test is about counts, not speed.
    props.putAll(Map.of("wsload.heartbeat.interval", "20s", "wsload.heartbeat.timeout", "10s",
        "wsload.assertions.max-p99-ms", "60000"));
    return new ProcessBuilder(GatlingCommand.of("Connect", results, 256, props, false))
        .redirectErrorStream(true).redirectOutput(results.resolveSibling(results.getFileName() + ".out").toFile()).start();
  }

  private static String output(Path results) {
    try {
      return Files.readString(results.resolveSibling(results.getFileName() + ".out"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** A run folder as the shards of run {@code runId} leave it: shard-i/ = Gatling results + shard.json. */
  private static Path runFolder(Path dir, String runId, List<Path> shards) throws IOException {
    for (int i = 0; i < shards.size(); i++) {
      addShard(dir, "shard-" + i, shards.get(i), ShardRecord.ready(runId, i, shards.size(), 0, 0, 0));
    }
    return dir;
  }

  private static void addShard(Path runDir, String folder, Path results, ShardRecord record) throws IOException {
    Path to = runDir.resolve(folder);
    try (Stream<Path> files = Files.walk(results)) {
      for (Path f : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith("simulation.log")).toList()) {
        Path target = to.resolve(results.relativize(f));
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
      }
    }
    record.write(to);
  }

  private static RunStatistics sumOf(List<Path> shards) throws Exception {
    RunStatistics sum = new RunStatistics();
    for (Path s : shards) {
      sum.plus(RunStatistics.read(GatlingCommand.runFolder(s).resolve("simulation.log")));
    }
    return sum;
  }

  /** MergeMain as bin/merge-shards runs it; its exit code and what it printed. */
  private record Merge(int code, String out) {
    static Merge run(String... args) throws Exception {
      PrintStream out = System.out;
      PrintStream err = System.err;
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
      System.setOut(capture);
      System.setErr(capture);
      try {
        return new Merge(MergeMain.run(args), buffer.toString(StandardCharsets.UTF_8));
      } finally {
        System.setOut(out);
        System.setErr(err);
      }
    }
  }

  private static void assertGatlingCounts(RunStatistics expected, Path runDir) throws Exception {
    GatlingReportTable table = GatlingReportTable.read(runDir.resolve("merged/connect-merged/index.html"));
    assertArrayEquals(new long[] {expected.totalOk() + expected.totalKo(), expected.totalOk(), expected.totalKo()},
        table.all(), "All Requests");
    assertEquals(expected.requests.keySet(), table.requests().keySet());
    expected.requests.forEach((name, okKo) ->
        assertArrayEquals(new long[] {okKo[0] + okKo[1], okKo[0], okKo[1]}, table.requests().get(name), name));
    assertEquals(expected.errors, table.errors());
  }

  @Test
  void shardsWithDifferentStringCachesMergeToWhatGatlingItselfCounts(@TempDir Path dir) throws Exception {
    List<Path> shards = List.of(refused, okA, okB);
    Path runDir = runFolder(dir, "run-1", shards);
    Merge m = Merge.run(runDir.toString(), "Connect");
    assertEquals(ExitCodes.ASSERTION_FAILED, m.code(), m.out()); // shard 0's connects were refused: KO > 0%
    RunStatistics sum = sumOf(shards);
    assertEquals(12 + 5, sum.ok("connect"));
    assertEquals(3, sum.ko("connect"));
    assertGatlingCounts(sum, runDir);
    JsonNode summary = new ObjectMapper().readTree(runDir.resolve(MergedRun.SUMMARY_FILE).toFile());
    assertEquals("run-1", summary.at("/runId").asText());
    assertEquals(false, summary.at("/partial").asBoolean());
  }

  @Test
  void aMergeOfManyShardsCountsWhatGatlingItselfCounts(@TempDir Path dir) throws Exception {
    List<Path> shards = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      shards.add(i % 2 == 0 ? okA : okB);
    }
    Path runDir = runFolder(dir, "run-12", shards);
    Merge m = Merge.run(runDir.toString(), "Connect", "" + (6 * 12 + 6 * 5));
    assertEquals(ExitCodes.OK, m.code(), m.out());
    RunStatistics sum = sumOf(shards);
    assertEquals(102, sum.ok("connect"));
    assertGatlingCounts(sum, runDir);
  }

  @Test
  void aShardOfAnotherRunIsRefusedNamingItsFolder(@TempDir Path dir) throws Exception {
    Path runDir = runFolder(dir, "run-1", List.of(okA, okB));
    addShard(runDir, "shard-2", okB, ShardRecord.ready("run-0", 2, 3, 0, 0, 0));
    Merge m = Merge.run(runDir.toString(), "Connect", "--run-id", "run-1");
    assertEquals(ExitCodes.REFUSED, m.code(), m.out());
    assertTrue(m.out().contains(runDir.resolve("shard-2") + ": a shard of another run (run-0, expected run-1)"), m.out());
    assertTrue(Files.notExists(runDir.resolve("merged")), "nothing merged");

    // Without --run-id, two run ids in one folder are refused too, each folder named.
    Merge unnamed = Merge.run(runDir.toString(), "Connect");
    assertEquals(ExitCodes.REFUSED, unnamed.code(), unnamed.out());
    assertTrue(unnamed.out().contains(runDir.resolve("shard-2") + ": shard 2 of run run-0"), unnamed.out());
  }

  @Test
  void aShardFolderCopiedTwiceIsRefused(@TempDir Path dir) throws Exception {
    Path runDir = runFolder(dir, "run-1", List.of(okA, okB));
    addShard(runDir, "shard-1-copy", okB, ShardRecord.ready("run-1", 1, 2, 0, 0, 0));
    Merge m = Merge.run(runDir.toString(), "Connect");
    assertEquals(ExitCodes.REFUSED, m.code(), m.out());
    assertTrue(m.out().contains(runDir.resolve("shard-1-copy") + ": shard index 1 twice, also in "
        + runDir.resolve("shard-1")), m.out());
  }

  @Test
  void aMissingShardIsRefusedUnlessAPartialRunIsAskedFor(@TempDir Path dir) throws Exception {
    Path runDir = dir.resolve("run");
    addShard(runDir, "shard-0", okA, ShardRecord.ready("run-1", 0, 3, 0, 0, 0));
    addShard(runDir, "shard-2", okB, ShardRecord.ready("run-1", 2, 3, 0, 0, 0));
    Merge m = Merge.run(runDir.toString(), "Connect");
    assertEquals(ExitCodes.REFUSED, m.code(), m.out());
    assertTrue(m.out().contains(runDir + ": shard(s) [1] of 3 missing; to merge the others as a partial run on"
        + " purpose, add --partial"), m.out());

    Merge partial = Merge.run(runDir.toString(), "Connect", "--partial");
    assertEquals(ExitCodes.SHARD_FAILED, partial.code(), partial.out());
    assertTrue(partial.out().contains("PARTIAL RUN: shard(s) [1] missing"), partial.out());
    JsonNode summary = new ObjectMapper().readTree(runDir.resolve(MergedRun.SUMMARY_FILE).toFile());
    assertTrue(summary.at("/partial").asBoolean(), summary.toString());
    assertEquals("[1]", summary.at("/missingShards").toString());
    assertTrue(Files.readString(runDir.resolve("merged/connect-merged/index.html")).contains("PARTIAL RUN"),
        "the report says so");
    assertGatlingCounts(sumOf(List.of(okA, okB)), runDir);
  }

  /** Before, an uncaught IllegalStateException: now the failure of every shard, named, with exit code 1. */
  @Test
  void shardsWithoutAReadableLogAreAFailureNotACrash(@TempDir Path dir) throws Exception {
    Path runDir = dir.resolve("run");
    for (int i = 0; i < 2; i++) {
      Path shard = ShardRecord.shardDir(runDir, i);
      Files.createDirectories(shard.resolve("connectsimulation-1"));
      Files.writeString(shard.resolve("connectsimulation-1/simulation.log"), ""); // killed before its first write
      ShardRecord.ready("run-1", i, 2, 0, 0, 0).write(shard);
    }
    Merge m = Merge.run(runDir.toString(), "Connect");
    assertEquals(ExitCodes.SHARD_FAILED, m.code(), m.out());
    assertTrue(m.out().contains("FAILED: no shard left a readable simulation.log: nothing to merge, report or judge"),
        m.out());
    assertTrue(m.out().contains("is empty, expected a Gatling simulation.log"), "each shard's log named: " + m.out());
    JsonNode summary = new ObjectMapper().readTree(runDir.resolve(MergedRun.SUMMARY_FILE).toFile());
    assertEquals(2, summary.at("/failures").size(), summary.toString());
    JsonNode outcome = new ObjectMapper().readTree(runDir.resolve("outcome.json").toFile());
    assertEquals(ExitCodes.SHARD_FAILED, outcome.at("/exitCode").asInt());
  }

  @Test
  void anOutputThatCannotBeWrittenFailsAtOnceNamingThePath(@TempDir Path dir) throws Exception {
    Path runDir = runFolder(dir, "run-1", List.of(okA, okB));
    Files.writeString(runDir.resolve("merged"), "a file where the merged folder goes");
    Merge m = Merge.run(runDir.toString(), "Connect");
    assertEquals(ExitCodes.REPORT_FAILED, m.code(), m.out());
    assertTrue(m.out().contains("FAILED: the merged run cannot be written: " + runDir.resolve("merged")), m.out());
  }

  @Test
  void aReportGatlingCannotRenderHasItsOwnExitCode(@TempDir Path dir) throws Exception {
    Path runDir = runFolder(dir, "run-1", List.of(okA, okB));
    // A folder where Gatling writes index.html: the merged log is written, the rendering fails.
    Files.createDirectories(runDir.resolve("merged/connect-merged/index.html/in-the-way"));
    Merge m = Merge.run(runDir.toString(), "Connect");
    assertEquals(ExitCodes.REPORT_FAILED, m.code(), m.out());
    assertTrue(m.out().contains("FAILED: Gatling could not render the merged report (exit "), m.out());
  }
}
