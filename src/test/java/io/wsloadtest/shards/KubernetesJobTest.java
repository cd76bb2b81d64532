package io.wsloadtest.shards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.wsloadtest.config.ServerFaults;
import io.wsloadtest.config.ServerSettings;
import io.wsloadtest.server.EchoServer;
import io.wsloadtest.simlog.RunStatistics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped manifests' commands, run: each completion index of the injector Job as a local process (the
 * container's command and environment from the manifest, JOB_COMPLETION_INDEX set, the results volume mapped to
 * a temporary folder), then the merge Job's command, and the merged report checked.
 */
class KubernetesJobTest {

  static final int SHARDS = 2; // the manifest's 6 shards are a 100k run; the command line is the same for any count
  static final int USERS = 40;
  static final String BATCH_LABEL = "metadata.labels['batch.kubernetes.io/controller-uid']";
  static final String LEGACY_LABEL = "metadata.labels['controller-uid']";

  @Test
  void theInjectorPodsThenTheMergePodMakeOneReportOfTheWholeRun(@TempDir Path volume, @TempDir Path logs)
      throws Exception {
    String jobUid = UUID.randomUUID().toString();
    try (EchoServer server = new EchoServer(ServerSettings.loopbackDefaults().withPorts(List.of(0, 0)))) {
      server.start();
      Map<String, String> labels = Map.of(BATCH_LABEL, jobUid, LEGACY_LABEL, jobUid);
      List<Process> pods = startPods(volume, logs, labels, Map.of("WSLOAD_TARGET", String.join(",", server.urls())));
      for (int index = 0; index < SHARDS; index++) {
        assertEquals(0, exitCode(pods.get(index)), Files.readString(logs.resolve("pod-" + index + ".out")));
      }
    }
    assertEquals(ExitCodes.OK, merge(volume, logs), Files.readString(logs.resolve("merge.out")));

    GatlingReportTable table = GatlingReportTable.read(volume.resolve("merged/heartbeat-merged/index.html"));
    assertArrayEquals(new long[] {USERS, USERS, 0}, table.requests().get("connect"), "Gatling's own count");
    JsonNode summary = new ObjectMapper().readTree(volume.resolve(MergedRun.SUMMARY_FILE).toFile());
    assertEquals(jobUid, summary.at("/runId").asText());
    assertEquals(USERS, summary.at("/connections/planned").asInt(), "planned users as the shards recorded them");
    assertEquals(USERS, summary.at("/connections/established").asInt());
    assertEquals(SHARDS, summary.at("/shards").size());
    summary.at("/shards").forEach(s -> assertTrue(s.has("startOffsetMs") && s.has("clockOffsetMs")
        && Math.abs(s.at("/startOffsetMs").asLong()) < 1000, s.toString()));
    assertTrue(summary.at("/assertions/passed").asBoolean(), summary.at("/assertions").toString());
  }

  /**
   * Index 1's server closes every second link: its shard sees KOs. Before, that shard failed its own assertions
   * (exit 2), failing the Job while its sibling ran. Now every pod exits 0 (they ran), the merge reports the KOs
   * and its exit code is the verdict: an assertion failed. On a cluster older than 1.27 (no
   * batch.kubernetes.io/controller-uid label) the run id comes from the older label.
   */
  @Test
  void anIndexWhoseServerDropsHalfItsLinksLeavesTheVerdictToTheMerge(@TempDir Path volume, @TempDir Path logs)
      throws Exception {
    String jobUid = UUID.randomUUID().toString();
    ServerFaults dropHalf = new ServerFaults(Duration.ZERO, Duration.ZERO, 0.5, 1001, Duration.ofMillis(500));
    try (EchoServer good = new EchoServer(ServerSettings.loopbackDefaults());
        EchoServer dropping = new EchoServer(ServerSettings.loopbackDefaults().withFaults(dropHalf))) {
      good.start();
      dropping.start();
      // One target per shard (no source IPs): index 0 gets the first, index 1 the second.
      Map<String, String> labels = Map.of(BATCH_LABEL, "", LEGACY_LABEL, jobUid);
      List<Process> pods = startPods(volume, logs, labels, Map.of("WSLOAD_TARGET",
          good.urls().get(0) + "," + dropping.urls().get(0), "WSLOAD_SHARD_WARM__UP__USERS", "0"));
      for (int index = 0; index < SHARDS; index++) {
        assertEquals(0, exitCode(pods.get(index)), "pod " + index + " ran: "
            + Files.readString(logs.resolve("pod-" + index + ".out")));
      }
    }
    String pod1 = Files.readString(logs.resolve("pod-1.out"));
    assertTrue(pod1.contains("the merged run judges the run"), pod1);

    assertEquals(ExitCodes.ASSERTION_FAILED, merge(volume, logs), Files.readString(logs.resolve("merge.out")));
    JsonNode summary = new ObjectMapper().readTree(volume.resolve(MergedRun.SUMMARY_FILE).toFile());
    assertEquals(jobUid, summary.at("/runId").asText(), "the older label's uid");
    assertTrue(summary.at("/koByCause/server close 1001").asLong() > 0, summary.at("/koByCause").toString());
    assertEquals(0, summary.at("/failures").size(), summary.at("/failures").toString());
    assertFalse(summary.at("/assertions/passed").asBoolean());
    assertTrue(summary.at("/assertions/judgedBy").asText().startsWith("exact"), summary.at("/assertions").toString());
    JsonNode outcome = new ObjectMapper().readTree(volume.resolve("outcome.json").toFile());
    assertEquals(ExitCodes.ASSERTION_FAILED, outcome.at("/exitCode").asInt());
    assertEquals("assertion failed", outcome.at("/outcome").asText());
    assertTrue(outcome.at("/detail").asText().startsWith("Global: percentage of failed events is less than or equal"
        + " to 0.0 : false"), outcome.toString());
  }

  /**
   * A pod stopped mid-run (SIGTERM to its PID 1, ShardMain; when PID 1 exits the kernel kills the rest of the
   * pod): the shard ends its run and closes its log first, so every user that connected is in it.
   */
  @Test
  void aPodStoppedMidRunKeepsItsShardsRecords(@TempDir Path volume, @TempDir Path logs) throws Exception {
    try (EchoServer server = new EchoServer(ServerSettings.loopbackDefaults())) {
      server.start();
      Map<String, String> labels = Map.of(BATCH_LABEL, "stopped-run", LEGACY_LABEL, "stopped-run");
      Process pod = startPod(0, volume, logs, labels, Map.of("WSLOAD_TARGET", server.urls().get(0),
          "WSLOAD_SHARD_COUNT", "1", "WSLOAD_USERS", "20", "WSLOAD_HOLD", "120s", "WSLOAD_SHARD_WARM__UP__USERS", "0",
          "WSLOAD_METRICS_PROGRESS__INTERVAL", "1s"));
      Path out = logs.resolve("pod-0.out");
      awaitLine(out, "progress: connected 20/20", pod);
      List<ProcessHandle> rest = pod.descendants().toList();
      pod.destroy(); // SIGTERM, as Kubernetes stops a pod
      assertTrue(pod.waitFor(90, TimeUnit.SECONDS), "ShardMain ended");
      rest.forEach(ProcessHandle::destroyForcibly); // PID 1 gone: the kernel kills the pod's other processes
      for (ProcessHandle p : rest) {
        p.onExit().get(30, TimeUnit.SECONDS);
      }
      Path log = GatlingCommand.runFolder(volume.resolve("shard-0")).resolve("simulation.log");
      RunStatistics stats = RunStatistics.read(log); // complete: no record cut in the middle
      assertEquals(20, stats.ok("connect"), Files.readString(out) + "\n" + stats);
    }
  }

  /** Starts every completion index of the injector Job; {@code labels}: the pod's label values by field path. */
  private static List<Process> startPods(Path volume, Path logs, Map<String, String> labels, Map<String, String> env)
      throws Exception {
    List<Process> pods = new ArrayList<>();
    for (int index = 0; index < SHARDS; index++) {
      pods.add(startPod(index, volume, logs, labels, env));
    }
    return pods;
  }

  private static Process startPod(int index, Path volume, Path logs, Map<String, String> labels,
      Map<String, String> overrides) throws Exception {
    Container injector = container(KubernetesManifestTest.load("injector-job.yaml"));
    Map<String, String> env = new HashMap<>();
    for (EnvVar v : injector.getEnv()) {
      if (v.getValueFrom() != null) {
        // What the downward API gives every pod of the Job: a label's value, "" when the label does not exist.
        String path = v.getValueFrom().getFieldRef().getFieldPath();
        assertTrue(labels.containsKey(path), "a field this test does not know: " + path);
        env.put(v.getName(), labels.get(path));
      } else {
        env.put(v.getName(), v.getValue());
      }
    }
    // A small run against this test's servers instead of the 100k-pods profile's.
    env.putAll(Map.of("WSLOAD_PROFILE", "smoke", "WSLOAD_SHARD_COUNT", "" + SHARDS, "WSLOAD_USERS", "" + USERS,
        "WSLOAD_RAMP", "1s", "WSLOAD_HOLD", "3s", "WSLOAD_ASSERTIONS_MAX__P99__MS", "60000"));
    // Each pod has its own address for the manifest's fixed /metrics port; processes on one host share theirs.
    env.put("WSLOAD_METRICS_HOST", "127.0.0.1");
    env.put("WSLOAD_METRICS_PORT", "0");
    env.putAll(overrides);
    ProcessBuilder pod = new ProcessBuilder(local(injector.getCommand(), volume))
        .redirectErrorStream(true).redirectOutput(logs.resolve("pod-" + index + ".out").toFile());
    pod.environment().putAll(env);
    pod.environment().put("JOB_COMPLETION_INDEX", "" + index); // what Kubernetes sets in each pod
    return pod.start();
  }

  private static int merge(Path volume, Path logs) throws Exception {
    Container merge = container(KubernetesManifestTest.load("merge-job.yaml"));
    Process mergePod = new ProcessBuilder(local(merge.getCommand(), volume))
        .redirectErrorStream(true).redirectOutput(logs.resolve("merge.out").toFile()).start();
    return exitCode(mergePod);
  }

  private static void awaitLine(Path out, String fragment, Process pod) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.readString(out).contains(fragment)) {
      if (!pod.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("no '" + fragment + "' from the pod:\n" + Files.readString(out));
      }
      Thread.sleep(200);
    }
  }

  private static Container container(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  /** The container's command on this machine: this JVM's java, the build's class path, the volume's folder. */
  private static List<String> local(List<String> command, Path volume) {
    List<String> out = new ArrayList<>();
    for (String arg : command) {
      if (out.isEmpty() && arg.equals("java")) {
        out.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      } else if (arg.equals("/app/classes:/app/lib/*")) {
        out.add(GatlingCommand.classpath());
      } else if (arg.startsWith("/results")) {
        out.add(volume + arg.substring("/results".length()));
      } else {
        out.add(arg);
      }
    }
    return out;
  }

  private static int exitCode(Process p) throws InterruptedException {
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
      throw new AssertionError("a pod's command did not finish within 180 s");
    }
    return p.exitValue();
  }
}
