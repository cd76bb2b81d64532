package io.wsloadtest.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsloadtest.preflight.HostFacts;
import io.wsloadtest.preflight.Preflight;
import io.wsloadtest.shards.GatlingCommand;
import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.simlog.SimulationLogException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Each level is one run of the launcher's command line, as `bin/launch` runs it once the kit is compiled, in its
 * own folder (levels/LEVEL/): the user's options and -D settings, the level's settings, and a GC log option for
 * the injectors. While it runs, the injectors' CPU is sampled; afterwards the figures come from its merged
 * simulation.log (exact) and run-summary.json.
 */
final class LaunchedLevels implements LevelRunner {

  /** The launcher's options as the user gave them to bin/capacity. */
  record Launch(String simulation, int shards, boolean localServers, List<String> jvmOptions) {}

  /** Beyond its planned load, a level's run may take this long (JVM starts, warm-up, merge, report) before it is killed. */
  static final Duration SLACK = Duration.ofMinutes(10);
  /** Exit codes of a launcher run whose figures can be read: done, an assertion of its own failed, no HTML report. */
  static final List<Integer> MEASURED = List.of(0, 2, 4);

  private final Launch launch;
  private final LevelPlanner planner;
  private final Dimension dimension;
  private final Path capacityDir;
  private final PrintStream out;
  private volatile Process running;

  LaunchedLevels(Launch launch, LevelPlanner planner, Dimension dimension, Path capacityDir, PrintStream out) {
    this.launch = launch;
    this.planner = planner;
    this.dimension = dimension;
    this.capacityDir = capacityDir;
    this.out = out;
    // Ctrl-C on the search must not leave a level's launcher (and so its shards and servers) running.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Process p = running;
      if (p != null) {
        p.destroy();
      }
    }));
  }

  static Path levelDir(Path capacityDir, long level) {
    return capacityDir.resolve("levels").resolve(String.format("%09d", level));
  }

  List<String> command(long level, Path dir) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m"));
    planner.properties(level).forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.addAll(List.of("-cp", GatlingCommand.classpath(), "io.wsloadtest.shards.Launcher"));
    if (launch.shards() > 0) {
      cmd.addAll(List.of("--shards", "" + launch.shards()));
    }
    if (launch.localServers()) {
      cmd.add("--local-servers");
    }
    cmd.addAll(List.of("--simulation", launch.simulation(), "--reports", dir.toString()));
    // The injectors' heap at its full size from the start: grown step by step, it took a full collection of
    // 40-100 ms each time during a 5,000-connection level (heartbeat p99 107 ms where it was 7 ms a level below).
    cmd.addAll(List.of("--jvm-opt", "-Xms" + heapMb(level) + "m"));
    launch.jvmOptions().forEach(o -> cmd.addAll(List.of("--jvm-opt", o)));
    cmd.addAll(List.of("--jvm-opt", GcLog.option(dir.resolve("gc"))));
    return cmd;
  }

  /** The heap bin/launch gives each of the level's injectors (its -Xmx): sized for its share of the users. */
  int heapMb(long level) {
    io.wsloadtest.config.LoadTestConfig c = planner.config(level);
    int shards = launch.shards() > 0 ? launch.shards()
        : Preflight.shardsNeeded(c.users(), c.embeddedTarget(), HostFacts.read().openFilesHard());
    return Preflight.heapMbFor((int) Math.ceil((double) c.users() / shards));
  }

  @Override
  public LevelFigures run(long level, String phase) throws InterruptedException {
    Path dir = levelDir(capacityDir, level);
    String rel = capacityDir.relativize(dir).toString();
    long started = System.nanoTime();
    Duration injection = planner.injection(level);
    Process p;
    try {
      Files.createDirectories(dir.resolve("gc"));
      out.printf("level %,d %s (%s): %s + %s hold, launcher output in %s%n", level, dimension.unit, phase,
          injection.toMillis() / 1000.0 + " s arrival", planner.hold().toMillis() / 1000.0 + " s", dir.resolve("launch.out"));
      p = new ProcessBuilder(command(level, dir)).redirectErrorStream(true)
          .redirectOutput(dir.resolve("launch.out").toFile()).start();
    } catch (IOException e) {
      return LevelFigures.failed(level, rel, -1, 0, "could not start the launcher: " + e.getMessage());
    }
    running = p;
    InjectorSampler sampler = new InjectorSampler(p.toHandle());
    long deadline = System.nanoTime() + injection.plus(planner.hold()).plus(SLACK).toNanos();
    boolean killed = false;
    while (!p.waitFor(1, TimeUnit.SECONDS)) { // a sampling period, not a wait for a condition
      sampler.sample();
      if (System.nanoTime() > deadline) {
        killTree(p);
        killed = true;
      }
    }
    running = null;
    double wall = (System.nanoTime() - started) / 1e9;
    int code = p.exitValue();
    if (killed) {
      return LevelFigures.failed(level, rel, code, wall, "its run did not end within " + SLACK.toMinutes()
          + " minutes of its planned load and was killed; see " + rel + "/launch.out");
    }
    if (!MEASURED.contains(code)) {
      return LevelFigures.failed(level, rel, code, wall, "its run failed (launcher exit " + code + ")"
          + lastFailure(dir.resolve("launch.out")) + "; see " + rel + "/launch.out");
    }
    try {
      Path runDir = runDir(dir);
      Path log = mergedLog(runDir);
      RunStatistics whole = RunStatistics.read(log);
      long holdStart = whole.runStart() + injection.toMillis();
      long holdEnd = holdStart + planner.hold().toMillis();
      RunStatistics held = RunStatistics.read(log, holdStart, holdEnd);
      List<InjectorUse> injectors = injectors(sampler, dir.resolve("gc"), runDir, whole.runStart(), holdEnd);
      return LevelMeasure.figures(level, dimension, whole, held, injection, planner.hold(), injectors,
          capacityDir.relativize(runDir).toString(), capacityDir.relativize(log.resolveSibling("index.html")).toString(),
          code, wall);
    } catch (IOException | SimulationLogException e) {
      return LevelFigures.failed(level, rel, code, wall, "its results cannot be read: " + e.getMessage());
    }
  }

  private List<InjectorUse> injectors(InjectorSampler sampler, Path gcDir, Path runDir, long from, long to)
      throws IOException {
    JsonNode summary = new ObjectMapper().readTree(runDir.resolve("run-summary.json").toFile());
    List<InjectorUse> out = new ArrayList<>();
    for (Map.Entry<Integer, Long> e : sampler.shardPids().entrySet()) {
      int shard = e.getKey();
      GcLog.Use gc = GcLog.read(GcLog.file(gcDir, e.getValue()), from, to);
      long rss = -1;
      for (JsonNode s : summary.path("shards")) {
        if (s.path("shard").asInt(-1) == shard) {
          rss = s.path("peakRssMb").asLong(-1);
        }
      }
      out.add(new InjectorUse(shard, sampler.cpuPercent(shard, from, to), sampler.cpuWaitPercent(shard, from, to),
          gc.pausePercent(), gc.longestPauseMs(), gc.heapUsedMaxMb(), gc.heapCommittedMaxMb(), rss));
    }
    return out;
  }

  /** The launcher's run folder: the one folder it made under the level's --reports folder. */
  static Path runDir(Path levelDir) throws IOException {
    try (Stream<Path> s = Files.list(levelDir)) {
      List<Path> runs = s.filter(d -> Files.isRegularFile(d.resolve("run-summary.json"))).toList();
      if (runs.size() != 1) {
        throw new IOException("expected one launcher run folder with a run-summary.json in " + levelDir + ", found "
            + runs.size());
      }
      return runs.get(0);
    }
  }

  static Path mergedLog(Path runDir) throws IOException {
    try (Stream<Path> s = Files.list(runDir.resolve("merged"))) {
      return s.map(d -> d.resolve("simulation.log")).filter(Files::isRegularFile).findFirst()
          .orElseThrow(() -> new IOException("no merged simulation.log in " + runDir.resolve("merged")));
    }
  }

  private static String lastFailure(Path output) {
    try {
      List<String> lines = Files.readAllLines(output);
      for (int i = lines.size() - 1; i >= 0; i--) {
        String l = lines.get(i);
        if (l.startsWith("FAILED") || l.contains("refused") || l.startsWith("Invalid")) {
          return ": " + l.strip();
        }
      }
    } catch (IOException e) {
      // no output to quote
    }
    return "";
  }

  /** The launcher, its shards and servers: ours, stopped by their ids. */
  private static void killTree(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }
}
