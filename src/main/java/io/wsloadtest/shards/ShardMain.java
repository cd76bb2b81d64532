package io.wsloadtest.shards;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One shard of a run, started by something other than bin/launch (a Kubernetes Indexed Job, one machine of
 * several): {@code ShardMain SIMULATION RUN_DIR [--heap-mb N] [--jvm-opt OPTION ...]} runs exactly the Gatling
 * JVM bin/launch runs for a shard ({@link #command}), with results in RUN_DIR/shard-INDEX. The shard index comes
 * from JOB_COMPLETION_INDEX or WSLOAD_SHARD_INDEX, the count from WSLOAD_SHARD_COUNT, the run id (the same for
 * every shard of the run) from WSLOAD_SHARD_RUN__ID, else from JOB_UID (see k8s/injector-job.yaml: the Job's uid
 * from the label every Kubernetes version sets). Its exit code is the shard's: 0 when it ran and wrote its log,
 * whatever the assertions say (the merged run judges them); non-zero only when it could not run.
 *
 * <p>Stopped itself (SIGTERM: a pod being stopped, where this JVM is PID 1 and everything else dies with it),
 * it stops its shard and waits for it to end its run cleanly, so the shard's log keeps its last records.
 */
public final class ShardMain {

  static final String USAGE = "usage: ShardMain SIMULATION RUN_DIR [--heap-mb N] [--jvm-opt OPTION ...]"
      + " (env: JOB_COMPLETION_INDEX or WSLOAD_SHARD_INDEX, WSLOAD_SHARD_COUNT, WSLOAD_SHARD_RUN__ID or JOB_UID)";
  /** Longer than the shard's own wait for Gatling to end its run ({@link WarmStart#STOP_GRACE}). */
  static final Duration STOP_WAIT = WarmStart.STOP_GRACE.plusSeconds(15);

  private ShardMain() {}

  /** The command line of shard {@code index} of {@code count}: the one place it is written. */
  static List<String> command(String simulation, Path runDir, int index, int count, String runId, int heapMb,
      Map<String, String> forwarded, List<String> jvmOptions) {
    Map<String, String> p = new LinkedHashMap<>(forwarded);
    p.put("wsload.shard.index", "" + index);
    p.put("wsload.shard.count", "" + count);
    p.put("wsload.shard.run-dir", runDir.toAbsolutePath().toString());
    p.put("wsload.shard.run-id", runId);
    // Gatling keeps a little state in java.util.prefs; shards sharing one store fight over its lock.
    p.put("java.util.prefs.userRoot", runDir.resolve(".prefs").resolve("shard-" + index).toAbsolutePath().toString());
    List<String> cmd = new ArrayList<>(GatlingCommand.of(simulation, ShardRecord.shardDir(runDir, index), heapMb, p,
        false));
    cmd.addAll(cmd.indexOf("-cp"), jvmOptions); // after the kit's own options, so they can override them
    return cmd;
  }

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.getenv()));
  }

  static int run(String[] args, Map<String, String> env) throws Exception {
    List<String> positional = new ArrayList<>();
    List<String> jvmOptions = new ArrayList<>();
    int heapMb = 256;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--heap-mb" -> heapMb = Integer.parseInt(args[++i]);
          case "--jvm-opt" -> jvmOptions.add(args[++i]);
          default -> positional.add(args[i]);
        }
      }
    } catch (RuntimeException e) {
      return refuse("bad arguments " + List.of(args) + "; " + USAGE);
    }
    if (positional.size() != 2) {
      return refuse(USAGE);
    }
    String index = env.getOrDefault("JOB_COMPLETION_INDEX", env.getOrDefault("WSLOAD_SHARD_INDEX", ""));
    String count = env.getOrDefault("WSLOAD_SHARD_COUNT", "");
    // The Job's uid: from batch.kubernetes.io/controller-uid (Kubernetes 1.27+), else the older controller-uid.
    String runId = env.getOrDefault("WSLOAD_SHARD_RUN__ID", "");
    if (runId.isBlank()) {
      runId = env.getOrDefault("JOB_UID", "");
    }
    if (!index.matches("\\d+") || !count.matches("\\d+") || runId.isBlank()) {
      return refuse("shard index '" + index + "', count '" + count + "' and run id '" + runId + "' must all be set; "
          + USAGE);
    }
    List<String> cmd = command(positional.get(0), Path.of(positional.get(1)), Integer.parseInt(index),
        Integer.parseInt(count), runId, heapMb, Launcher.forwardedProperties(System.getProperties()), jvmOptions);
    Process shard = new ProcessBuilder(cmd).inheritIO().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(shard), "stop-shard"));
    return shard.waitFor();
  }

  /** A pod being stopped stops its shard too, and waits for it: when PID 1 exits, the kernel kills the rest. */
  static void stop(Process shard) {
    shard.destroy();
    try {
      if (!shard.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        System.err.println("shard did not end within " + STOP_WAIT.toSeconds() + " s of SIGTERM: killed");
        shard.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int refuse(String message) {
    System.err.println(message);
    return ExitCodes.REFUSED;
  }
}
