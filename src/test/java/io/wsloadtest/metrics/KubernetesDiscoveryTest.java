package io.wsloadtest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.wsloadtest.config.MetricsSettings;
import io.wsloadtest.preflight.CheckedConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * How Prometheus finds the injector pods: the Job's port, annotations and metrics settings agree; the PodMonitor
 * selects its pods and port; and the relabelling of monitoring/prometheus-kubernetes.yml, applied the way
 * Prometheus applies it to the targets its pod discovery makes of the Job's and the merge Job's pods, keeps each
 * injector at POD_IP:PORT/metrics and drops everything else. (Debian's Prometheus has no Kubernetes discovery to
 * run it with.)
 */
class KubernetesDiscoveryTest {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  static final String POD_IP = "10.244.1.17";

  static PodTemplateSpec pod(String job) throws Exception {
    return YAML.readValue(Path.of("k8s", job).toFile(), Job.class).getSpec().getTemplate();
  }

  static Map<String, String> env(Container c) {
    Map<String, String> env = new HashMap<>();
    for (EnvVar v : c.getEnv()) {
      env.put(v.getName(), v.getValue() != null ? v.getValue() : "set-by-kubernetes");
    }
    return env;
  }

  @Test
  void eachInjectorServesMetricsOnThePodsAddressAtTheAnnotatedPort() throws Exception {
    PodTemplateSpec pod = pod("injector-job.yaml");
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    assertEquals("true", annotations.get("prometheus.io/scrape"));
    Container injector = pod.getSpec().getContainers().get(0);
    ContainerPort port = injector.getPorts().stream().filter(p -> "metrics".equals(p.getName())).findFirst()
        .orElseThrow(() -> new AssertionError("no container port named metrics"));
    assertEquals(annotations.get("prometheus.io/port"), "" + port.getContainerPort());

    // What the shard in the pod makes of its environment: every interface, that port, no file_sd registration.
    Map<String, String> env = env(injector);
    env.put("JOB_COMPLETION_INDEX", "0");
    env.put("WSLOAD_TARGET", "ws://10.1.2.3:9001/echo");
    MetricsSettings metrics = CheckedConfig.load(new Properties(), env, 1_048_576).metrics();
    assertTrue(metrics.enabled());
    assertEquals("0.0.0.0", metrics.host(), "reachable on the pod's address");
    assertEquals((int) port.getContainerPort(), metrics.port());
    assertEquals("", metrics.targetsDir(), "pods are found by Kubernetes, not by files");
    assertEquals(annotations.get("prometheus.io/path"), "/metrics");
  }

  @Test
  void thePodMonitorSelectsTheInjectorPodsAndTheirMetricsPort() throws Exception {
    GenericKubernetesResource monitor = new ObjectMapper(new YAMLFactory())
        .readValue(Path.of("k8s/podmonitor.yaml").toFile(), GenericKubernetesResource.class);
    assertEquals("monitoring.coreos.com/v1", monitor.getApiVersion());
    assertEquals("PodMonitor", monitor.getKind());
    JsonNode spec = new ObjectMapper().valueToTree(monitor.getAdditionalProperties().get("spec"));
    Map<String, String> selector = new HashMap<>();
    spec.at("/selector/matchLabels").fields().forEachRemaining(e -> selector.put(e.getKey(), e.getValue().asText()));
    assertFalse(selector.isEmpty(), spec.toString());
    assertTrue(pod("injector-job.yaml").getMetadata().getLabels().entrySet().containsAll(selector.entrySet()),
        "selects the injector pods: " + selector);
    assertFalse(pod("merge-job.yaml").getMetadata().getLabels().entrySet().containsAll(selector.entrySet()),
        "not the merge pod, which serves no metrics: " + selector);
    JsonNode endpoint = spec.at("/podMetricsEndpoints/0");
    List<String> portNames = pod("injector-job.yaml").getSpec().getContainers().get(0).getPorts().stream()
        .map(ContainerPort::getName).toList();
    assertTrue(portNames.contains(endpoint.get("port").asText()), endpoint + " vs " + portNames);
    assertEquals("/metrics", endpoint.get("path").asText());
  }

  @Test
  void theKubernetesScrapeConfigKeepsTheInjectorsAtTheirMetricsAndDropsTheRest() throws Exception {
    JsonNode job = new ObjectMapper(new YAMLFactory())
        .readTree(Path.of("monitoring/prometheus-kubernetes.yml").toFile()).at("/scrape_configs/0");
    assertEquals("pod", job.at("/kubernetes_sd_configs/0/role").asText());
    JsonNode relabel = job.get("relabel_configs");

    List<Map<String, String>> injectors = discovered(pod("injector-job.yaml"), "ws-loadtest-injectors-0-x7k2p", "Running");
    assertEquals(1, injectors.size(), "one target per declared port: " + injectors);
    Map<String, String> kept = relabel(injectors.get(0), relabel).orElseThrow(() -> new AssertionError("dropped"));
    assertEquals(POD_IP + ":9464", kept.get("__address__"));
    assertEquals("/metrics", kept.get("__metrics_path__"));
    assertEquals("ws-loadtest-injectors-0-x7k2p", kept.get("pod"));
    assertEquals("load-test", kept.get("namespace"));
    assertEquals("injector", kept.get("role"));

    for (Map<String, String> t : discovered(pod("merge-job.yaml"), "ws-loadtest-merge-q9z", "Running")) {
      assertEquals(Optional.empty(), relabel(t, relabel), "the merge pod is not scraped: " + t);
    }
    for (Map<String, String> t : discovered(pod("injector-job.yaml"), "ws-loadtest-injectors-1-a", "Succeeded")) {
      assertEquals(Optional.empty(), relabel(t, relabel), "a finished pod is not scraped: " + t);
    }
  }

  /**
   * The targets Prometheus' pod discovery makes of a pod: one per declared container port (address POD_IP:PORT),
   * one with the bare address for a container without ports, each with the pod's meta labels.
   */
  static List<Map<String, String>> discovered(PodTemplateSpec pod, String name, String phase) {
    Map<String, String> meta = new HashMap<>();
    meta.put("__meta_kubernetes_namespace", "load-test");
    meta.put("__meta_kubernetes_pod_name", name);
    meta.put("__meta_kubernetes_pod_ip", POD_IP);
    meta.put("__meta_kubernetes_pod_phase", phase);
    pod.getMetadata().getLabels().forEach((k, v) -> meta.put("__meta_kubernetes_pod_label_" + sanitized(k), v));
    if (pod.getMetadata().getAnnotations() != null) {
      pod.getMetadata().getAnnotations()
          .forEach((k, v) -> meta.put("__meta_kubernetes_pod_annotation_" + sanitized(k), v));
    }
    List<Map<String, String>> targets = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      List<ContainerPort> ports = c.getPorts() == null ? List.of() : c.getPorts();
      if (ports.isEmpty()) {
        Map<String, String> t = new HashMap<>(meta);
        t.put("__address__", POD_IP);
        targets.add(t);
      }
      for (ContainerPort p : ports) {
        Map<String, String> t = new HashMap<>(meta);
        t.put("__address__", POD_IP + ":" + p.getContainerPort());
        t.put("__meta_kubernetes_pod_container_port_name", p.getName());
        targets.add(t);
      }
    }
    return targets;
  }

  /** Prometheus turns every character a label name cannot hold into '_'. */
  static String sanitized(String name) {
    return name.replaceAll("[^a-zA-Z0-9_]", "_");
  }

  /**
   * Prometheus' relabelling, the actions the config uses: source label values joined by ";", the regex matched
   * whole, keep / drop, replace with $1-style groups (an empty result removes the label). Empty = dropped.
   */
  static Optional<Map<String, String>> relabel(Map<String, String> labels, JsonNode configs) {
    Map<String, String> l = new HashMap<>(labels);
    l.putIfAbsent("__metrics_path__", "/metrics");
    for (JsonNode c : configs) {
      List<String> values = new ArrayList<>();
      c.path("source_labels").forEach(s -> values.add(l.getOrDefault(s.asText(), "")));
      String value = String.join(c.path("separator").asText(";"), values);
      Matcher m = Pattern.compile("^(?:" + c.path("regex").asText("(.*)") + ")$").matcher(value);
      boolean matches = m.matches();
      switch (c.path("action").asText("replace")) {
        case "keep" -> {
          if (!matches) {
            return Optional.empty();
          }
        }
        case "drop" -> {
          if (matches) {
            return Optional.empty();
          }
        }
        case "replace" -> {
          if (matches) {
            String result = m.replaceFirst(c.path("replacement").asText("$1"));
            if (result.isEmpty()) {
              l.remove(c.get("target_label").asText());
            } else {
              l.put(c.get("target_label").asText(), result);
            }
          }
        }
        default -> fail("relabel action this test does not know: " + c);
      }
    }
    return Optional.of(l);
  }
}
