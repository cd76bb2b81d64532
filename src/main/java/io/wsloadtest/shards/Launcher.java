package io.wsloadtest.shards;

import io.wsloadtest.config.InvalidConfigException;
import io.wsloadtest.config.LoadTestConfig;
import io.wsloadtest.config.Target;
import io.wsloadtest.gatling.RunOutcome;
import io.wsloadtest.metrics.ProgressReporter;
import io.wsloadtest.metrics.ShardProgress;
import io.wsloadtest.preflight.CheckedConfig;
import io.wsloadtest.preflight.HostFacts;
import io.wsloadtest.preflight.OsLimits;
import io.wsloadtest.preflight.Preflight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Runs one load test as N injector JVMs (shards) on this host, optionally with one echo server process per
 * target port, then merges the shards' results into one Gatling report and a JSON summary.
 *
 * <pre>bin/launch [--shards N] [--local-servers] [--simulation Heartbeat] [--jvm-opt OPTION ...] [-Dkey=value ...]</pre>
 *
 * {@code --jvm-opt} adds a JVM option to every shard and server process (e.g. -XX:+UseSerialGC).
 *
 * Exit codes: {@link ExitCodes}.
 */
public final class Launcher {

  static final Duration SERVER_START_TIMEOUT = Duration.ofSeconds(60);
  static final Duration WATCH_PERIOD = Duration.ofSeconds(1);
  /**
   * A shard's ready-timeout counts once its JVM is up; starting a Gatling JVM takes seconds, and well over half
   * a minute on a machine busy with other work (measured: load average 18 on 2 cores).
   */
  static final Duration JVM_START = Duration.ofSeconds(120);

  private final LoadTestConfig config;
  private final String simulation;
  private final int shards;
  private final boolean localServers;
  private final Path runDir;
  private final Map<String, String> forwarded;
  private final List<String> jvmOptions;
  /** Recorded by every shard: the merge refuses shards of another run. */
  private final String runId = UUID.randomUUID().toString();

  private final MetricsPorts metricsPorts;

  Launcher(LoadTestConfig config, String simulation, int shards, boolean localServers, Path runDir,
      Map<String, String> forwarded, List<String> jvmOptions, MetricsPorts metricsPorts) {
    this.metricsPorts = metricsPorts;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.config = config;
    this.simulation = simulation;
    this.shards = shards;
    this.localServers = localServers;
    this.runDir = runDir;
    this.forwarded = forwarded;
  }

  public static void main(String[] args) throws Exception {
    LaunchArguments a;
    try {
      a = LaunchArguments.parse(args);
    } catch (LaunchArguments.Refused e) {
      System.err.println(e.getMessage());
      latestOutcome(LaunchArguments.reportsFolder(args), null, ExitCodes.REFUSED, String.join("; ", e.problems));
      System.exit(ExitCodes.REFUSED);
      return;
    }
    int code = run(a.simulation(), a.shards(), a.localServers(), a.reports(), a.jvmOptions());
    System.exit(code);
  }

  /**
   * reports/outcome.json, as a single Gatling JVM leaves it: the latest run's outcome, copied from its run folder
   * when it got that far.
   */
  static void latestOutcome(Path reports, Path runDir, int code, String detail) {
    Path latest = reports.resolve(RunOutcome.FILE);
    try {
      if (runDir != null && Files.exists(runDir.resolve(RunOutcome.FILE))) {
        Files.createDirectories(reports);
        Files.copy(runDir.resolve(RunOutcome.FILE), latest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return;
      }
    } catch (java.io.IOException e) {
      // written below instead
    }
    new RunOutcome(code, ExitCodes.outcome(code), detail).writeQuietly(latest);
  }

  /** Plans, checks and runs; writes reports/outcome.json for every ending, as a Gatling JVM does. */
  static int run(String simulation, int requestedShards, boolean localServers, Path reports, List<String> jvmOptions)
      throws Exception {
    Path[] runDir = new Path[1];
    List<String> refusal = new ArrayList<>();
    int code = plan(simulation, requestedShards, localServers, reports, jvmOptions, runDir, refusal);
    latestOutcome(reports, runDir[0], code, String.join("; ", refusal));
    return code;
  }

  private static int refuse(List<String> refusal, String message) {
    System.err.println(message);
    refusal.add(message);
    return ExitCodes.REFUSED;
  }

  private static int plan(String simulation, int requestedShards, boolean localServers, Path reports,
      List<String> jvmOptions, Path[] runDirOut, List<String> refusal) throws Exception {
    if (!GatlingCommand.simulationExists(simulation)) {
      return refuse(refusal, "Unknown simulation '" + simulation + "': --simulation takes Connect, Heartbeat, Echo,"
          + " Push or a Simulation class name.");
    }
    String baseline = io.wsloadtest.compare.Baseline.problem(System.getProperties(), System.getenv());
    if (baseline != null) {
      System.err.println(baseline);
      return 3;
    }
    Map<String, String> forwarded = forwardedProperties(System.getProperties());
    LoadTestConfig config;
    try {
      config = CheckedConfig.load(propertiesOf(forwarded), System.getenv(), Long.MAX_VALUE);
    } catch (InvalidConfigException e) {
      return refuse(refusal, e.getMessage());
    }
    if (localServers && !config.embeddedTarget() && !config.targets().stream().allMatch(Launcher::isLocal)) {
      return refuse(refusal, "--local-servers starts echo servers on this host, but wsload.target names other hosts: "
          + config.targets());
    }
    if (config.embeddedTarget() && requestedShards > 1) {
      return refuse(refusal, "wsload.target = embedded: each shard would test its own private server. Give ws://"
          + " targets (add --local-servers to start echo servers for them on this host).");
    }
    HostFacts host = HostFacts.read();
    long childFiles = host.openFilesHard();
    int shards = requestedShards > 0 ? requestedShards
        : Preflight.shardsNeeded(config.users(), config.embeddedTarget(), childFiles);
    int servers = 0;
    if (localServers) {
      try {
        servers = serverPaths(config.targets()).size();
      } catch (IllegalArgumentException e) {
        return refuse(refusal, e.getMessage());
      }
    }
    Preflight.Report plan = Preflight.check(config, shards, servers, host, childFiles);
    System.out.printf("Plan: %d users in %d shard(s) of ~%d (heap %d MB each), %s%n%s", config.users(), shards,
        plan.usersPerShard(), plan.heapMbPerShard(),
        servers > 0 ? servers + " local echo server process(es)" : "servers elsewhere", plan.table());
    if (plan.refused()) {
      return refuse(refusal, "Preflight refused this run: nothing was started. Fix the FAIL lines above.");
    }
    // Each shard validates its own share too (fd limit, source-IP slice) before anything starts.
    for (int i = 0; i < shards; i++) {
      Map<String, String> p = new LinkedHashMap<>(forwarded);
      p.put("wsload.shard.index", "" + i);
      p.put("wsload.shard.count", "" + shards);
      try {
        CheckedConfig.load(propertiesOf(p), System.getenv(), childFiles);
      } catch (InvalidConfigException e) {
        return refuse(refusal, "shard " + i + " of " + shards + ": " + e.getMessage());
      }
    }
    MetricsPorts ports = MetricsPorts.of(config.metrics(), shards, servers);
    String busy = ports.busy();
    if (busy != null) {
      return refuse(refusal, busy);
    }
    Path runDir = newRunDir(reports, simulation, LocalDateTime.now());
    runDirOut[0] = runDir;
    int code = new Launcher(config, simulation, shards, localServers, runDir, forwarded, jvmOptions, ports)
        .execute(plan.heapMbPerShard());
    // -Dwsload.baseline=DIR: a run that passed but is worse than its baseline fails (exit 2).
    return io.wsloadtest.compare.Baseline.judge(runDir, code, System.getProperties(), System.getenv());
  }

  /**
   * A folder of its own for this run, even when another launch starts in the same second: named by the
   * simulation's short name and the time to the millisecond, created atomically, suffixed -2, -3... if taken.
   */
  static Path newRunDir(Path reports, String simulation, LocalDateTime now) throws java.io.IOException {
    String name = simulation.substring(simulation.lastIndexOf('.') + 1).toLowerCase() + "-sharded-"
        + now.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS"));
    Files.createDirectories(reports);
    for (int n = 1; ; n++) {
      Path dir = reports.resolve(n == 1 ? name : name + "-" + n);
      try {
        return Files.createDirectory(dir);
      } catch (java.nio.file.FileAlreadyExistsException taken) {
        // another launch took it a moment ago: the next suffix
      }
    }
  }

  private int execute(int heapMb) throws Exception {
    List<String> failures = new ArrayList<>();
    long overflowsBefore = OsLimits.listenOverflows();
    List<ChildProcess> servers = new ArrayList<>();
    List<ChildProcess> injectors = new ArrayList<>();
    // Ctrl-C on the launcher must not leave load generators or servers running.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      injectors.forEach(ChildProcess::kill);
      servers.forEach(ChildProcess::kill);
    }));
    try {
      if (localServers) {
        try {
          startServers(servers, heapMb);
        } catch (IllegalStateException e) {
          System.err.println("FAILED: " + e.getMessage().strip() + "; no load was started");
          return ExitCodes.REFUSED;
        }
      }
      Duration readyTimeout = config.shard().readyTimeout();
      Duration limit = config.runDuration().plus(readyTimeout).plus(JVM_START).plus(Duration.ofSeconds(120));
      for (int i = 0; i < shards; i++) {
        Map<String, String> settings = new LinkedHashMap<>(forwarded);
        if (metricsPorts.fixed()) {
          settings.put("wsload.metrics.port", "" + metricsPorts.shard(i));
        }
        List<String> cmd = ShardMain.command(simulation, runDir, i, shards, runId, heapMb, settings,
            withHeapFromTheStart(heapMb, heapMb));
        injectors.add(ChildProcess.start("shard-" + i, cmd, runDir.resolve("shard-" + i + ".out"), limit));
      }
      System.out.printf("Started %d shard(s) of run %s: pids %s; output in %s%n", shards, runId,
          injectors.stream().map(c -> "" + c.pid()).toList(), runDir);
      String notReady = StartBarrier.awaitShards(runDir, runId, injectors, readyTimeout.plus(JVM_START));
      if (notReady != null) {
        injectors.forEach(ChildProcess::kill);
        System.err.println("FAILED: " + notReady);
        return ExitCodes.REFUSED;
      }
      System.out.printf("All %d shard(s) ready: they start injecting together%n", shards);
      Set<Long> pids = injectors.stream().map(ChildProcess::pid).collect(java.util.stream.Collectors.toSet());
      // The same line as each shard prints, summed over the shards' /metrics: one meaning for every figure.
      try (ProgressReporter progress = ProgressReporter.start(
          ShardProgress.total(Path.of(config.metrics().targetsDir()), pids), config.metrics().progressInterval(),
          System.out, "progress (" + shards + " shards)")) {
        watchUntilDone(injectors, servers);
      }
    } finally {
      for (ChildProcess s : servers) {
        s.stop(Duration.ofSeconds(10));
      }
    }
    List<ShardOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < injectors.size(); i++) {
      ChildProcess c = injectors.get(i);
      int code = c.waitFor();
      String status = c.killedForOverrun() ? "killed after its wall-clock limit"
          : code == 0 ? "ok" : code == 2 ? "assertions failed" : "failed (exit " + code + ")";
      if (c.killedForOverrun() || (code != 0 && code != 2)) {
        failures.add("shard " + i + " " + status + "; see " + c.output);
      }
      outcomes.add(new ShardOutcome(i, code, status, c.baseRssMb(), c.peakRssMb(), c.cpuSeconds(), c.output));
    }
    List<ServerOutcome> serverOutcomes = servers.stream()
        .map(s -> new ServerOutcome(s.name, s.baseRssMb(), s.peakRssMb(), s.cpuSeconds(), s.output)).toList();
    long overflows = OsLimits.listenOverflows() - overflowsBefore;
    return MergedRun.mergeAndDescribe(simulation, runDir, runId, List.of(), outcomes, serverOutcomes, config.users(),
        failures, overflowsBefore < 0 ? -1 : overflows);
  }

  /** Samples memory and CPU and enforces each child's wall-clock limit until every shard has ended. */
  private static void watchUntilDone(List<ChildProcess> injectors, List<ChildProcess> servers)
      throws InterruptedException {
    boolean[] ended = new boolean[injectors.size()];
    while (injectors.stream().anyMatch(ChildProcess::alive)) {
      Thread.sleep(WATCH_PERIOD.toMillis()); // a sampling period, not a wait for a condition
      injectors.forEach(ChildProcess::watch);
      servers.forEach(ChildProcess::watch);
      for (int i = 0; i < injectors.size(); i++) {
        if (!ended[i] && !injectors.get(i).alive()) {
          ended[i] = true;
          System.out.printf("shard %d ended (exit %d); %d of %d running%n", i, injectors.get(i).waitFor(),
              injectors.stream().filter(ChildProcess::alive).count(), injectors.size());
        }
      }
    }
  }

  /**
   * The planned heap committed from the start (-Xms), then the user's --jvm-opt: grown step by step from 32 MB, as
   * the lean default does, the heap took a full GC per step through the ramp, 3-5 s each while the ramp starved the
   * box, and heartbeats timed out behind them (bench/100k.sh; bench/PROFILE.md). Untouched heap is not resident:
   * RSS still grows with the connections held.
   */
  private List<String> withHeapFromTheStart(int heapMb, int maxHeapMb) {
    List<String> options = new ArrayList<>(List.of("-Xms" + Math.min(heapMb, maxHeapMb) + "m"));
    options.addAll(jvmOptions);
    return options;
  }

  /** One echo server process per distinct target port, each under its own open-files limit. */
  private void startServers(List<ChildProcess> servers, int shardHeapMb) throws Exception {
    int serverIndex = 0;
    for (Map.Entry<String, String> e : serverPaths(config.targets()).entrySet()) {
      int port = Integer.parseInt(e.getKey().substring(e.getKey().lastIndexOf(':') + 1));
      List<String> cmd = GatlingCommand.java(512);
      cmd.addAll(withHeapFromTheStart(shardHeapMb, 512));
      forwarded.forEach((k, v) -> {
        if (k.startsWith("wsload.server.") || k.startsWith("wsload.heartbeat.")) {
          cmd.add("-D" + k + "=" + v);
        }
      });
      cmd.add("-Dwsload.server.host=" + e.getKey().substring(0, e.getKey().lastIndexOf(':')));
      cmd.add("-Dwsload.server.ports=" + port);
      cmd.add("-Dwsload.server.path=" + e.getValue());
      if (metricsPorts.fixed()) {
        cmd.add("-Dwsload.metrics.port=" + metricsPorts.server(serverIndex));
      }
      serverIndex++;
      cmd.addAll(List.of("-cp", GatlingCommand.classpath(), "io.wsloadtest.server.EchoServerMain"));
      Path out = runDir.resolve("servers").resolve("server-" + port + ".out");
      servers.add(ChildProcess.start("server-" + port, cmd, out, config.runDuration().plus(Duration.ofMinutes(10))));
    }
    long deadline = System.nanoTime() + SERVER_START_TIMEOUT.toNanos();
    for (ChildProcess s : servers) {
      while (!s.tail(4096).contains("listening on")) {
        if (!s.alive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(s.name + " did not start: " + s.tail(2000));
        }
        Thread.sleep(100);
      }
    }
    System.out.printf("Started %d echo server(s): pids %s%n", servers.size(), servers.stream().map(s -> "" + s.pid()).toList());
  }

  /**
   * "host:port" of each distinct target, sorted, with the path its server serves: each target's own. One
   * server serves one path, so two paths on one port are refused.
   */
  static Map<String, String> serverPaths(List<Target> targets) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (Target t : targets) {
      String hostPort = t.host() + ":" + t.port();
      String path = t.path().split("\\?", 2)[0]; // a query is the client's business, the server serves the path
      String other = out.putIfAbsent(hostPort, path);
      if (other != null && !other.equals(path)) {
        throw new IllegalArgumentException("--local-servers starts one echo server per port, which serves one path, but "
            + hostPort + " has two: " + other + " and " + path);
      }
    }
    return out;
  }

  private static boolean isLocal(Target t) {
    return t.host().startsWith("127.") || t.host().equals("localhost") || t.host().equals("::1");
  }

  /** Set per shard by the launcher, never inherited. */
  static final Set<String> LAUNCHER_KEYS = Set.of("wsload.shard.index", "wsload.shard.count", "wsload.shard.run-dir",
      "wsload.shard.run-id");

  /** The -D settings a shard inherits: wsload.*, the short aliases and gatling.*; never the launcher's keys. */
  static Map<String, String> forwardedProperties(Properties props) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String k : new TreeSet<>(props.stringPropertyNames())) {
      boolean ours = k.startsWith("wsload.") || k.startsWith("gatling.")
          || List.of("profile", "target", "users", "ramp", "hold").contains(k);
      if (ours && !LAUNCHER_KEYS.contains(k) && !k.equals("wsload.build.dir")
          && !k.equals(io.wsloadtest.compare.Baseline.KEY)) {
        out.put(k, props.getProperty(k));
      }
    }
    return out;
  }

  static Properties propertiesOf(Map<String, String> map) {
    Properties p = new Properties();
    p.putAll(map);
    return p;
  }

  record ShardOutcome(int index, int exitCode, String status, long baseRssMb, long peakRssMb, double cpuSeconds,
      Path output) {}

  record ServerOutcome(String name, long baseRssMb, long peakRssMb, double cpuSeconds, Path output) {}
}
