package io.wsloadtest.shards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.wsloadtest.config.LoadTestConfig;
import io.wsloadtest.preflight.CheckedConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shipped manifests, loaded into the real Kubernetes model (fabric8) and checked for what the run needs. */
class KubernetesManifestTest {

  // Unknown fields fail: a misspelt key must not be silently dropped here any more than by the API server.
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static Job load(String file) throws Exception {
    return YAML.readValue(Path.of("k8s", file).toFile(), Job.class);
  }

  @Test
  void injectorsAreAnIndexedJobWhoseShardCountMatchesItsCompletions() throws Exception {
    Job job = load("injector-job.yaml");
    assertEquals("Indexed", job.getSpec().getCompletionMode());
    int completions = job.getSpec().getCompletions();
    assertEquals(completions, job.getSpec().getParallelism(), "all shards run at once");
    assertEquals(0, job.getSpec().getBackoffLimit(), "a failed shard is not silently re-run");
    assertTrue(job.getSpec().getActiveDeadlineSeconds() > 0, "wall-clock limit");
    Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, String> env = env(c);
    assertEquals("" + completions, env.get("WSLOAD_SHARD_COUNT"));
    // The launcher's shard command line (ShardMain), not a copy of the Gatling command line.
    List<String> cmd = c.getCommand();
    assertEquals(ShardMain.class.getName(), cmd.get(cmd.indexOf("-cp") + 2), cmd.toString());
    assertEquals("/results", cmd.get(cmd.indexOf(ShardMain.class.getName()) + 2), "the run folder is the volume");
    assertEquals("/results", c.getVolumeMounts().get(0).getMountPath());
    // The run id is the Job's uid, from the label of Kubernetes 1.27+ or the one every version sets.
    assertEquals("metadata.labels['batch.kubernetes.io/controller-uid']", fieldPath(c, "WSLOAD_SHARD_RUN__ID"));
    assertEquals("metadata.labels['controller-uid']", fieldPath(c, "JOB_UID"));
    // Room for a stopped shard to end its run and close its log before the pod is killed.
    long grace = job.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
    assertTrue(grace > ShardMain.STOP_WAIT.toSeconds(), "terminationGracePeriodSeconds " + grace);
  }

  @Test
  void theResultsVolumeIsAClaimEveryPodCanMount() throws Exception {
    PersistentVolumeClaim claim = YAML.readValue(Path.of("k8s", "results-pvc.yaml").toFile(), PersistentVolumeClaim.class);
    assertEquals(claim(load("injector-job.yaml")), claim.getMetadata().getName());
    assertEquals(List.of("ReadWriteMany"), claim.getSpec().getAccessModes(), "pods on several nodes share it");
  }

  private static String fieldPath(Container c, String name) {
    return c.getEnv().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow()
        .getValueFrom().getFieldRef().getFieldPath();
  }

  /**
   * Each pod's configuration passes every check a shard makes, with a server outside the pod as in a cluster
   * (the manifest names a Service this host cannot resolve, so an address stands in for it): no loopback source
   * IPs, which could not reach it.
   */
  @Test
  void everyPodOfTheJobIsAValidShardAndTogetherTheyCoverTheRunOnce() throws Exception {
    Job job = load("injector-job.yaml");
    int completions = job.getSpec().getCompletions();
    Map<String, String> env = env(job.getSpec().getTemplate().getSpec().getContainers().get(0));
    assertTrue(env.get("WSLOAD_TARGET").startsWith("ws://"), env.toString());
    int users = 0;
    Set<InetAddress> ips = new HashSet<>();
    for (int index = 0; index < completions; index++) {
      Map<String, String> podEnv = new HashMap<>(env);
      podEnv.put("JOB_COMPLETION_INDEX", "" + index); // what Kubernetes sets in each pod
      podEnv.put("WSLOAD_TARGET", "ws://10.1.2.3:9001/echo"); // 10.0.0.0/8: a cluster address, nothing is sent
      LoadTestConfig shard = CheckedConfig.load(new Properties(), podEnv, 1_048_576);
      assertEquals(index, shard.shard().index());
      users += shard.users();
      for (InetAddress ip : shard.sourceIps()) {
        assertTrue(!ip.isLoopbackAddress(), "loopback source IP " + ip + " cannot reach a server outside the pod");
        assertTrue(ips.add(ip), "source IP " + ip + " in two pods");
      }
    }
    assertEquals(100_000, users);
  }

  @Test
  void mergeJobReadsTheSameVolumeAndRunsTheMerge() throws Exception {
    Job injectors = load("injector-job.yaml");
    Job merge = load("merge-job.yaml");
    assertEquals(claim(injectors), claim(merge));
    List<String> cmd = merge.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
    assertTrue(cmd.contains(MergeMain.class.getName()), cmd.toString());
    assertTrue(cmd.contains("/results"), cmd.toString());
  }

  private static String claim(Job job) {
    return job.getSpec().getTemplate().getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName();
  }

  private static Map<String, String> env(Container c) {
    Map<String, String> env = new HashMap<>();
    for (EnvVar v : c.getEnv()) {
      // A value from the downward API (the run id) is only known in a pod.
      env.put(v.getName(), v.getValue() != null ? v.getValue() : "set-by-kubernetes");
    }
    return env;
  }
}
