package io.wsloadtest.shards;

import io.wsloadtest.config.InvalidConfigException;
import io.wsloadtest.gatling.GatlingMain;
import io.wsloadtest.preflight.CheckedConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The main class of Gatling JVMs started by the kit: runs Gatling as io.gatling.app.Gatling does, and first,
 * when the JVM is a shard of a run (a run folder is set), warms it up. A cold JVM loads classes and compiles the
 * connect path while its first users arrive: on this kind of machine the first 3–5 s of a sharded 1,000/s ramp
 * started late, caught up in a burst (1.4–1.6× the planned rate) and had connect p99 of 1.5–2.5 s, against
 * under 20 ms afterwards. So before it joins the start barrier, the shard runs the same simulation for a few
 * seconds with {@code wsload.shard.warm-up-users} users against an in-process echo server: same scenario,
 * same Gatling, same Netty code paths, nothing sent to the targets, its records thrown away (a throw-away
 * results folder, no report, no /metrics, no barrier). Then the real run starts in a warm JVM.
 *
 * <p>A shard's exit code says whether it ran, not whether the run passed (see {@link #reported}), and a shard
 * stopped by SIGTERM ends its run cleanly first, so its log keeps every record up to the stop.
 */
public final class WarmStart {

  /**
   * How long a shard stopped by SIGTERM waits for Gatling to end its run and close its log; within ShardMain's
   * wait for it and the pod's termination grace period (k8s/injector-job.yaml).
   */
  static final java.time.Duration STOP_GRACE = java.time.Duration.ofSeconds(30);
  /** Short forms that would beat the warm-up's wsload.* settings (the profile stays the run's). */
  private static final List<String> ALIASES = List.of("target", "users", "ramp", "hold");

  private WarmStart() {}

  public static void main(String[] args) {
    boolean shard = !StartBarrier.setting("wsload.shard.run-dir", System.getProperties(), System.getenv()).isEmpty();
    if (!shard) {
      System.exit(GatlingMain.runAndRecordOutcome(args));
    }
    int users = warmUpUsers();
    if (users > 0) {
      warmUp(args, users);
    }
    System.exit(reported(GatlingMain.runStoppingGracefullyOnExit(STOP_GRACE, args)));
  }

  /**
   * wsload.shard.warm-up-users as the run's configuration says (-D, environment, profile, defaults); 0 when the
   * configuration is refused: the real run then refuses it, with its own message and exit code 3.
   */
  private static int warmUpUsers() {
    try {
      return CheckedConfig.load().shard().warmUpUsers();
    } catch (InvalidConfigException e) {
      return 0;
    }
  }

  /**
   * A shard reports, the merged run judges: Gatling's status 2 (its assertions, on this shard's share alone)
   * means the shard ran and wrote its log, which is all a shard is for. Any other failure is the shard's own.
   */
  static int reported(int gatlingStatus) {
    if (gatlingStatus == ExitCodes.ASSERTION_FAILED) {
      System.out.println("shard: the assertions above are this shard's share only; the merged run judges the run"
          + " (this shard ran and wrote its log: exit 0)");
      return ExitCodes.OK;
    }
    return gatlingStatus;
  }

  private static void warmUp(String[] args, int users) {
    long start = System.nanoTime();
    System.out.printf("warm-up: %d users against an in-process echo server, not part of the results%n", users);
    Properties saved = (Properties) System.getProperties().clone();
    Path results = null;
    try {
      results = Files.createTempDirectory("wsload-warm-up");
      ALIASES.forEach(System.getProperties()::remove); // -Dusers=... would beat wsload.users
      overrides(users).forEach(System::setProperty);
      int status = GatlingMain.run(warmUpArgs(args, results));
      // Its KOs and assertions do not matter (on a busy host a 400 ms pong timeout may pass): it only warms.
      System.out.printf("warm-up: done in %.1f s%s%n", (System.nanoTime() - start) / 1e9,
          status == 0 ? "" : " (Gatling status " + status + ", ignored: the warm-up is not judged)");
    } catch (IOException | RuntimeException e) {
      // A failed warm-up costs a cold start, not the run: the real run checks and reports for itself.
      System.out.println("warm-up: skipped, " + e);
    } finally {
      System.setProperties(saved);
      deleteQuietly(results);
    }
  }

  /** The run's own settings but a few users against an in-process server, beating often, alone. */
  static Map<String, String> overrides(int users) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("wsload.target", "embedded");
    p.put("wsload.server.ports", "0");
    p.put("wsload.server.host", "127.0.0.1");
    p.put("wsload.source-ips", "");
    p.put("wsload.source-ips-csv", "");
    p.put("wsload.users", "" + users);
    p.put("wsload.injection.type", "ramp");
    p.put("wsload.ramp", "2s");
    p.put("wsload.hold", "2s");
    p.put("wsload.heartbeat.interval", "500ms");
    p.put("wsload.heartbeat.timeout", "400ms");
    p.put("wsload.echo.interval", "100ms");
    p.put("wsload.metrics.enabled", "false");
    p.put("wsload.shard.index", "0");
    p.put("wsload.shard.count", "1");
    p.put("wsload.shard.run-dir", "");
    p.put("wsload.shard.run-id", "");
    return p;
  }

  /** Gatling's arguments with a throw-away results folder and no report. */
  static String[] warmUpArgs(String[] args, Path results) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("-rf") || args[i].equals("--results-folder")) {
        i++;
      } else if (!args[i].equals("-nr") && !args[i].equals("--no-reports")) {
        out.add(args[i]);
      }
    }
    out.addAll(List.of("-rf", results.toString(), "-nr"));
    return out.toArray(String[]::new);
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.out.println("warm-up: could not delete " + dir + ": " + e.getMessage());
    }
  }

}
