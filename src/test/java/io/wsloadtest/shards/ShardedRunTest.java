package io.wsloadtest.shards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.testkit.RefusedPort;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reduced sharded run, end to end as a user starts it: the launcher in its own JVM starts 2 echo server
 * processes and 3 Gatling shards, then merges their logs into one report.
 */
class ShardedRunTest {

  static final int USERS = 900;

  @Test
  void threeShardsUseDisjointSourceIpsAndMergeIntoOneReport(@TempDir Path reports) throws Exception {
    int[] ports = freePorts(2);
    // Two servers with their own paths: --local-servers serves each target's path.
    // Shards and servers warm up as in any real run (the other tests skip it for time): nothing of it may show.
    Launch run = Launch.startWarm(reports, List.of("--shards", "3", "--local-servers", "--simulation", "Connect"),
        "-Dtarget=ws://127.0.0.1:" + ports[0] + "/a,ws://127.0.0.1:" + ports[1] + "/b",
        // The hold outlasts slow connects on a busy machine, so all 900 are open at once: the shards start together.
        "-Dusers=" + USERS, "-Dramp=3s", "-Dhold=15s", "-Dwsload.source-ips=127.0.0.2-127.0.0.4",
        // The machine may be busy with other builds: the test is about counts, not speed.
        "-Dwsload.heartbeat.interval=20s", "-Dwsload.heartbeat.timeout=10s", "-Dwsload.assertions.max-p99-ms=60000");
    int code = run.waitFor(240);
    String out = run.output();
    assertEquals(0, code, out);

    Path runDir = onlyRunDir(reports);
    // The merged log counts exactly what the three shard logs count.
    RunStatistics sum = new RunStatistics();
    List<Long> starts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RunStatistics shard = RunStatistics.read(
          GatlingCommand.runFolder(runDir.resolve("shard-" + i)).resolve("simulation.log"));
      assertEquals(USERS / 3, shard.ok("connect"), "shard " + i + " opened its share");
      sum.plus(shard);
      starts.add(shard.runStart());
    }
    // Released by the start barrier at one instant: Gatling's run starts lie within a second (measured: ~10 ms),
    // where JVMs starting one after another on a busy machine are seconds apart.
    long spread = starts.stream().mapToLong(Long::longValue).max().orElseThrow()
        - starts.stream().mapToLong(Long::longValue).min().orElseThrow();
    assertTrue(spread < 1000, "shards started " + spread + " ms apart: " + starts);
    Path mergedLog = runDir.resolve("merged/connect-merged/simulation.log");
    RunStatistics merged = RunStatistics.read(mergedLog);
    assertTrue(merged.sameCounts(sum), "merged " + merged + "\nsum of shards " + sum);
    assertEquals(USERS, merged.ok("connect"));
    assertEquals(USERS, merged.ok("alive at end"));
    assertTrue(Files.readString(runDir.resolve("merged/connect-merged/index.html")).contains("connect and hold"));

    // Each source IP was used by one shard only: the servers saw exactly one shard's share from each.
    Map<String, Long> perIp = new TreeMap<>();
    Pattern route = Pattern.compile("(127\\.0\\.0\\.\\d+)->\\d+=(\\d+)");
    for (Path serverOut : Files.list(runDir.resolve("servers")).toList()) {
      Matcher m = route.matcher(Files.readString(serverOut));
      while (m.find()) {
        perIp.merge(m.group(1), Long.parseLong(m.group(2)), Long::sum);
      }
    }
    perIp.remove("127.0.0.1"); // the shards' reachability probes before the start (TCP only, no WebSocket)
    assertEquals(Map.of("127.0.0.2", 300L, "127.0.0.3", 300L, "127.0.0.4", 300L), perIp);
    // Every shard and server warmed up first, and none of it is in the counts above.
    for (int i = 0; i < 3; i++) {
      String shardOut = Files.readString(runDir.resolve("shard-" + i + ".out"));
      assertTrue(shardOut.contains("warm-up: done"), "shard " + i + " warmed up:\n" + shardOut);
    }
    for (Path serverOut : Files.list(runDir.resolve("servers")).toList()) {
      assertTrue(Files.readString(serverOut).contains("echo server warm-up: 1000 of 1000 throw-away clients"),
          Files.readString(serverOut));
    }

    JsonNode summary = new ObjectMapper().readTree(runDir.resolve(MergedRun.SUMMARY_FILE).toFile());
    assertEquals(USERS, summary.at("/connections/established").asInt());
    assertEquals(USERS, summary.at("/connections/peakOpen").asInt(), "all connections open at once");
    assertEquals(USERS, summary.at("/connections/peakConcurrentUsers").asInt());
    // Warm shards start their users on schedule (300/s planned): cold, the first users came late and caught up
    // in a burst of 1.4-1.6x the planned rate in one second (measured warm with a core kept busy: 304).
    long peakStarts = summary.at("/connections/peakConnectStartsPerSecond").asLong();
    assertTrue(peakStarts <= USERS / 2, "peak connects started in one second " + peakStarts + ", planned 300");
    assertEquals(3, summary.at("/shards").size());
    summary.at("/shards").forEach(s -> assertEquals("ok", s.get("status").asText(), s.toString()));
    // How far from the planned instant each shard started, on the run folder's clock: recorded and printed.
    summary.at("/shards").forEach(s -> assertTrue(s.has("startOffsetMs") && s.has("clockOffsetMs")
        && Math.abs(s.at("/startOffsetMs").asLong()) < 1000, s.toString()));
    assertTrue(out.contains("start vs planned instant: shard 0 "), out);
    assertEquals(0, summary.at("/failures").size());
    assertTrue(summary.at("/assertions/passed").asBoolean(), summary.at("/assertions").toString());
    // The launcher's progress line sums the shards' /metrics: their plans add up to the run's users.
    assertTrue(out.lines().anyMatch(l -> l.startsWith("progress (3 shards): connected ") && l.contains("/900 (")),
        "progress lines sum the shards:\n" + out);
  }

  @Test
  void aKilledShardIsNamedAndTheOthersStillReachTheMergedReport(@TempDir Path reports) throws Exception {
    int[] ports = freePorts(1);
    Launch run = Launch.start(reports, List.of("--shards", "3", "--local-servers", "--simulation", "Connect"),
        "-Dtarget=ws://127.0.0.1:" + ports[0] + "/echo", "-Dusers=300", "-Dramp=2s", "-Dhold=15s",
        "-Dwsload.metrics.progress-interval=1s",
        "-Dwsload.heartbeat.interval=20s", "-Dwsload.heartbeat.timeout=10s", "-Dwsload.assertions.max-p99-ms=60000");
    List<Long> pids = run.awaitShardPids(120);
    // Kill shard 1 once every shard has connected its users (all 300 connected, summed over shards).
    run.awaitLine("connected 300/300", 120);
    ProcessHandle.of(pids.get(1)).orElseThrow().destroyForcibly();
    int code = run.waitFor(240);
    String out = run.output();
    assertEquals(1, code, out);
    assertTrue(out.contains("FAILED: shard 1 failed (exit 137)"), out);

    Path runDir = onlyRunDir(reports);
    RunStatistics merged = RunStatistics.read(runDir.resolve("merged/connect-merged/simulation.log"));
    // Shards 0 and 2 finished: their users are all in the merged log, alive to the end.
    assertTrue(merged.ok("alive at end") >= 200, merged.toString());
    JsonNode summary = new ObjectMapper().readTree(runDir.resolve(MergedRun.SUMMARY_FILE).toFile());
    assertTrue(summary.at("/shards/1/status").asText().startsWith("failed"), summary.toString());
    assertTrue(summary.at("/failures").size() >= 1, summary.toString());
  }

  @Test
  void aShardThatNeverGetsReadyStopsTheRunBeforeLoadByName(@TempDir Path reports) throws Exception {
    // Three targets, one per shard (no source IPs): shard 2's target never answers.
    try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0); RefusedPort refused = new RefusedPort()) {
      int dead = refused.port();
      Launch run = Launch.start(reports, List.of("--shards", "3", "--simulation", "Connect"),
          "-Dtarget=ws://127.0.0.1:" + a.getLocalPort() + "/echo,ws://127.0.0.1:" + b.getLocalPort()
              + "/echo," + refused.url(),
          "-Dusers=30", "-Dramp=1s", "-Dhold=1s", "-Dwsload.shard.ready-timeout=3s");
      int code = run.waitFor(120);
      String out = run.output();
      assertEquals(ExitCodes.REFUSED, code, out);
      assertTrue(out.contains("FAILED: shard 2 failed before load: shard 2 of 3 is not ready: target(s) [127.0.0.1:"
          + dead + "] not reachable within 3 s"), out);
      // No shard started load (a shard stopped before it wrote anything has no directory at all).
      Path runDir = onlyRunDir(reports);
      try (Stream<Path> files = Files.walk(runDir)) {
        List<Path> logs = files.filter(f -> f.getFileName().toString().equals("simulation.log")).toList();
        assertEquals(List.of(), logs, "no shard started load");
      }
    }
  }

  static Path onlyRunDir(Path reports) throws IOException {
    try (Stream<Path> s = Files.list(reports)) {
      List<Path> dirs = s.filter(Files::isDirectory).toList();
      assertEquals(1, dirs.size(), dirs.toString());
      return dirs.get(0);
    }
  }

  static int[] freePorts(int n) throws IOException {
    int[] ports = new int[n];
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0);
        held.add(s);
        ports[i] = s.getLocalPort();
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
    return ports;
  }

  /** The launcher in its own JVM, its output collected line by line. */
  static final class Launch {
    final Process process;
    final ProcessLines lines;

    private Launch(Process process) {
      this.process = process;
      this.lines = new ProcessLines(process);
    }

    /** Shards and local servers without their warm-ups, which cost seconds of a busy machine per run. */
    static Launch start(Path reports, List<String> args, String... props) throws IOException {
      List<String> all = new ArrayList<>(List.of("-Dwsload.shard.warm-up-users=0",
          "-Dwsload.server.warm-up-connections=0"));
      all.addAll(List.of(props));
      return startWarm(reports, args, all.toArray(String[]::new));
    }

    static Launch startWarm(Path reports, List<String> args, String... props) throws IOException {
      return startWarm(reports, Map.of(), args, props);
    }

    /** With {@code env} added to the launcher's environment (its shards and servers inherit it). */
    static Launch startWarm(Path reports, Map<String, String> env, List<String> args, String... props)
        throws IOException {
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m"));
      cmd.addAll(List.of(props));
      cmd.addAll(List.of("-cp", GatlingCommand.classpath(), Launcher.class.getName(), "--reports", reports.toString()));
      cmd.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().putAll(env);
      return new Launch(pb.start());
    }

    List<Long> awaitShardPids(int seconds) throws InterruptedException {
      Pattern p = Pattern.compile("Started \\d+ shard\\(s\\) of run \\S+: pids \\[([\\d, ]+)]");
      String line = awaitLine("Started 3 shard(s)", seconds);
      Matcher m = p.matcher(line);
      assertTrue(m.find(), line);
      return Stream.of(m.group(1).split(",\\s*")).map(Long::parseLong).toList();
    }

    String awaitLine(String fragment, int seconds) throws InterruptedException {
      return lines.await(fragment, seconds);
    }

    int waitFor(int seconds) throws InterruptedException {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        throw new AssertionError("launcher did not finish within " + seconds + " s:\n" + output());
      }
      Thread.sleep(200); // let the reader drain the last lines
      return process.exitValue();
    }

    String output() {
      return lines.text();
    }
  }
}
