import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a Gatling JVM's CPU went, per phase of a run, from a JDK Flight Recorder file: CPU by thread group
 * (jdk.ThreadCPULoad; JIT compiler threads are among them, GC threads are not Java threads), and execution
 * samples by concern (the first concern found walking each sampled stack from its top), by concern anywhere
 * on the stack, and by top frame. Process CPU per phase comes from /proc (bench/profile.sh), not from here.
 *
 *   java bench/JfrTop.java RECORDING.jfr [NAME=EPOCH_MS ...]   phases start at the given instants
 */
public class JfrTop {

  /** Concerns, checked in this order against each frame's class, top of stack first. */
  static final String[][] CONCERNS = {
      {"simulation.log writing", "io.gatling.core.stats.writer."},
      {"ws-loadtest liveness/ping", "io.wsloadtest.ws."},
      {"ws-loadtest metrics", "io.wsloadtest.metrics.", "io.prometheus."},
      {"ws-loadtest other", "io.wsloadtest."},
      {"Gatling WebSocket", "io.gatling.http.action.ws."},
      {"Gatling HTTP client (handshake, TLS)", "io.gatling.http.client.", "io.gatling.http."},
      {"Gatling injection, actions, sessions", "io.gatling.core.", "io.gatling.commons.", "io.gatling.javaapi."},
      {"Netty I/O", "io.netty."},
  };

  /** Inclusive: share of samples with any frame of these classes anywhere on the stack. */
  static final String[][] INCLUSIVE = {
      {"simulation.log writer", "io.gatling.core.stats.writer."},
      {"ws-loadtest ws/ (ping step, liveness)", "io.wsloadtest.ws."},
      {"ws-loadtest metrics", "io.wsloadtest.metrics."},
      {"Gatling injector (user start)", "io.gatling.core.controller.inject."},
      {"Gatling actions", "io.gatling.core.action."},
      {"Gatling WebSocket actions/FSM", "io.gatling.http.action.ws."},
      {"Gatling HTTP client", "io.gatling.http.client."},
      {"Netty", "io.netty."},
      {"ws-loadtest server", "io.wsloadtest.server."},
  };

  /** jdk.ThreadCPULoad period that bench/profile.sh records with. */
  static final long THREAD_PERIOD_MS = 1000;

  static final class Phase {
    final String name;
    final long from;
    final Map<String, Double> threadCpu = new HashMap<>();
    final Map<String, Integer> concern = new HashMap<>();
    final Map<String, Integer> inclusive = new HashMap<>();
    final Map<String, Integer> frames = new HashMap<>();
    int samples;

    Phase(String name, long from) {
      this.name = name;
      this.from = from;
    }
  }

  public static void main(String[] args) throws Exception {
    List<Phase> phases = new ArrayList<>();
    phases.add(new Phase("start", Long.MIN_VALUE));
    for (int i = 1; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      phases.add(new Phase(kv[0], Long.parseLong(kv[1])));
    }
    int cores = Runtime.getRuntime().availableProcessors();
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
      long t = e.getStartTime().toEpochMilli();
      Phase p = phaseAt(phases, t);
      switch (e.getEventType().getName()) {
        case "jdk.ThreadCPULoad" -> {
          if (e.getThread("eventThread") != null) {
            // Each event covers one period; a thread that used no CPU in a period has no event for it.
            double s = (e.getFloat("user") + e.getFloat("system")) * cores * THREAD_PERIOD_MS / 1000.0;
            p.threadCpu.merge(group(e.getThread("eventThread").getJavaName()), s, Double::sum);
          }
        }
        case "jdk.ExecutionSample" -> {
          List<RecordedFrame> stack = e.getStackTrace() == null ? List.of() : e.getStackTrace().getFrames();
          if (stack.isEmpty()) {
            break;
          }
          p.samples++;
          RecordedFrame top = stack.get(0);
          p.frames.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1, Integer::sum);
          p.concern.merge(first(CONCERNS, stack, "JVM/libraries only"), 1, Integer::sum);
          for (String[] c : INCLUSIVE) {
            if (!first(new String[][] {c}, stack, "").isEmpty()) {
              p.inclusive.merge(c[0], 1, Integer::sum);
            }
          }
        }
        default -> { }
      }
    }
    for (Phase p : phases) {
      if (p.samples == 0 && p.threadCpu.isEmpty()) {
        continue;
      }
      System.out.printf("%n== %s: %d execution samples%n", p.name, p.samples);
      System.out.println("  CPU s by thread group (JIT = CompilerThread; GC threads are the part not listed):");
      top(p.threadCpu, 8).forEach((k, v) -> System.out.printf("    %7.1f  %s%n", v, k));
      System.out.println("  execution samples by concern (first match from the top of the stack):");
      top(p.concern, 10).forEach((k, v) -> System.out.printf("    %5.1f%%  %s%n", 100.0 * v / p.samples, k));
      System.out.println("  execution samples with these anywhere on the stack:");
      top(p.inclusive, 12).forEach((k, v) -> System.out.printf("    %5.1f%%  %s%n", 100.0 * v / p.samples, k));
      System.out.println("  top frames:");
      top(p.frames, 12).forEach((k, v) -> System.out.printf("    %5.1f%%  %s%n", 100.0 * v / p.samples, k));
    }
  }

  static Phase phaseAt(List<Phase> phases, long t) {
    Phase at = phases.get(0);
    for (Phase p : phases) {
      if (t >= p.from) {
        at = p;
      }
    }
    return at;
  }

  /** Thread names without their numbers: "gatling-1-7" and "gatling-1-8" are one group. */
  static String group(String thread) {
    return thread == null ? "?" : thread.replaceAll("[0-9]+", "N");
  }

  /** The first of the concerns that a frame's class belongs to, frames from the top of the stack. */
  static String first(String[][] concerns, List<RecordedFrame> stack, String none) {
    for (RecordedFrame f : stack) {
      String type = f.getMethod().getType().getName();
      for (String[] c : concerns) {
        for (int i = 1; i < c.length; i++) {
          if (type.startsWith(c[i])) {
            return c[0];
          }
        }
      }
    }
    return none;
  }

  static <V extends Comparable<V>> Map<String, V> top(Map<String, V> m, int n) {
    Map<String, V> out = new LinkedHashMap<>();
    m.entrySet().stream().sorted(Map.Entry.<String, V>comparingByValue().reversed()).limit(n)
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
