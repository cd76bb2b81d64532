package io.wsloadtest.shards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.wsloadtest.server.EchoServer;
import io.wsloadtest.config.ServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Test
  void theInjectorPodsThenTheMergePodMakeOneReportOfTheWholeRun(@TempDir Path volume, @TempDir Path logs)
      throws Exception {
    Container injector = container(KubernetesManifestTest.load("injector-job.yaml"));
    Container merge = container(KubernetesManifestTest.load("merge-job.yaml"));
    String jobUid = UUID.randomUUID().toString();
    try (EchoServer server = new EchoServer(ServerSettings.loopbackDefaults().withPorts(List.of(0, 0)))) {
      server.start();
      Map<String, String> env = new HashMap<>();
      for (EnvVar v : injector.getEnv()) {
        if (v.getValueFrom() != null) {
          // What the downward API gives every pod of the Job: the Job's uid.
          assertEquals("metadata.labels['batch.kubernetes.io/controller-uid']",
              v.getValueFrom().getFieldRef().getFieldPath(), v.getName());
          env.put(v.getName(), jobUid);
        } else {
          env.put(v.getName(), v.getValue());
        }
      }
      // A small run against this test's server instead of the 100k profile's servers.
      env.putAll(Map.of("WSLOAD_PROFILE", "smoke", "WSLOAD_SHARD_COUNT", "" + SHARDS, "WSLOAD_USERS", "" + USERS,
          "WSLOAD_RAMP", "1s", "WSLOAD_HOLD", "3s", "WSLOAD_TARGET", String.join(",", server.urls()),
          "WSLOAD_ASSERTIONS_MAX__P99__MS", "60000"));
      List<Process> pods = new ArrayList<>();
      for (int index = 0; index < SHARDS; index++) {
        ProcessBuilder pod = new ProcessBuilder(local(injector.getCommand(), volume))
            .redirectErrorStream(true).redirectOutput(logs.resolve("pod-" + index + ".out").toFile());
        pod.environment().putAll(env);
        pod.environment().put("JOB_COMPLETION_INDEX", "" + index); // what Kubernetes sets in each pod
        pods.add(pod.start());
      }
      for (int index = 0; index < SHARDS; index++) {
        assertEquals(0, exitCode(pods.get(index)), Files.readString(logs.resolve("pod-" + index + ".out")));
      }
    }
    Process mergePod = new ProcessBuilder(local(merge.getCommand(), volume))
        .redirectErrorStream(true).redirectOutput(logs.resolve("merge.out").toFile()).start();
    assertEquals(0, exitCode(mergePod), Files.readString(logs.resolve("merge.out")));

    GatlingReportTable table = GatlingReportTable.read(volume.resolve("merged/heartbeat-merged/index.html"));
    assertArrayEquals(new long[] {USERS, USERS, 0}, table.requests().get("connect"), "Gatling's own count");
    JsonNode summary = new ObjectMapper().readTree(volume.resolve(MergedRun.SUMMARY_FILE).toFile());
    assertEquals(jobUid, summary.at("/runId").asText());
    assertEquals(USERS, summary.at("/connections/planned").asInt(), "planned users as the shards recorded them");
    assertEquals(USERS, summary.at("/connections/established").asInt());
    assertEquals(SHARDS, summary.at("/shards").size());
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
