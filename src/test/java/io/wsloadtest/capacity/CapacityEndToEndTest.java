package io.wsloadtest.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsloadtest.compare.CompareMain;
import io.wsloadtest.shards.GatlingCommand;
import io.wsloadtest.shards.ProcessLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The capacity search end to end, as bin/capacity runs it (each level one launcher run), against a server nobody
 * here wrote whose knee is known: Node's `ws` answering pings at once up to 300 open connections and 300 ms late
 * and later above, refusing upgrades above 450. With heartbeat p99 <= 100 ms the last good level must be within
 * 10 % of 300, on one JVM and sharded; comparing a level's run with itself passes, a run past the knee against
 * one below it fails on the heartbeat p99 row.
 */
@Isolated // judges latencies against a 100 ms SLO: alone, not beside the other end-to-end classes' JVMs
class CapacityEndToEndTest {

  static final int KNEE = 300;
  static KneeServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = new KneeServer(KNEE, 450, "--delay-ms", "300", "--delay-step-ms", "2");
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** A short level: a heartbeat every second, judged over a 3 s hold after a 1 s ramp. */
  static List<String> settings(String... more) {
    List<String> s = new ArrayList<>(List.of("-Dtarget=" + server.url, "-Dramp=1s",
        "-Dwsload.heartbeat.interval=1s", "-Dwsload.heartbeat.timeout=800ms", "-Dwsload.capacity.hold=3s",
        "-Dwsload.capacity.slo.heartbeat-p99=100ms", "-Dwsload.metrics.linger=0s",
        // The JVMs warm up in a few hundred users of their own: a cold injector's first heartbeats are its own.
        "-Dwsload.shard.warm-up-users=200"));
    s.addAll(List.of(more));
    return s;
  }

  @Test
  void oneJvmFindsTheKneeByBisection(@TempDir Path reports) throws Exception {
    // 240 good, 360 bad (pongs 420 ms late), then 300 good: 300 and 360 are within the resolution.
    Search s = Search.run(reports, List.of("--shards", "1", "--simulation", "Heartbeat"), settings(
        "-Dwsload.capacity.start=240", "-Dwsload.capacity.step=120", "-Dwsload.capacity.max=600",
        "-Dwsload.capacity.resolution=60"));
    assertEquals(0, s.exitCode, s.output);
    JsonNode c = s.capacity();
    long lastGood = c.at("/lastGood/level").asLong();
    assertTrue(Math.abs(lastGood - KNEE) <= KNEE / 10, "lastGood " + lastGood + " for a knee of " + KNEE + "\n" + s.output);
    assertTrue(c.at("/firstBad/level").asLong() > KNEE, s.output);
    assertEquals("heartbeat-p99", c.at("/firstBrokenSlo").asText());
    assertEquals(List.of("step", "step", "bisect"), c.at("/levels").findValuesAsText("phase"), s.output);
    assertTrue(c.at("/lastGood/requests/heartbeat/p99").asLong() <= 100);
    assertTrue(c.at("/firstBad/requests/heartbeat/p50").asLong() >= 300, "past the knee every pong is 300 ms late");
    assertTrue(c.at("/lastGood/injectors/0/cpuPercent").asDouble() > 0, "the injector's CPU was sampled");
    assertTrue(c.at("/lastGood/injectors/0/heapCommittedMaxMb").asLong() > 0, "and its GC log read");
    assertTrue(s.output.contains("Capacity: lastGood " + lastGood + " connections"), s.output);
    assertTrue(Files.readString(s.dir.resolve("capacity.html")).contains("<svg"));
    for (JsonNode level : c.at("/levels")) {
      assertTrue(Files.isRegularFile(s.dir.resolve(level.at("/report").asText())), "a Gatling report per level");
    }

    // The runs of two levels compared as a user would: with itself it passes, past the knee it fails by name.
    Path good = s.dir.resolve(c.at("/lastGood/runDir").asText());
    Path bad = s.dir.resolve(c.at("/firstBad/runDir").asText());
    Compare same = Compare.run(good, good);
    assertEquals(CompareMain.WITHIN, same.exitCode, same.output);
    Compare worse = Compare.run(good, bad);
    assertEquals(CompareMain.EXCEEDED, worse.exitCode, worse.output);
    assertTrue(worse.output.contains("WORSE THAN BASELINE: heartbeat p99: "), worse.output);
  }

  @Test
  void twoShardsFindTheSameKnee(@TempDir Path reports) throws Exception {
    // 280 good, 330 bad: within the resolution at once (the bisection is the same code as on one JVM).
    Search s = Search.run(reports, List.of("--shards", "2", "--simulation", "Heartbeat"), settings(
        "-Dwsload.source-ips=127.0.0.2-127.0.0.3", "-Dwsload.capacity.levels=280,330", "-Dwsload.capacity.resolution=60"));
    assertEquals(0, s.exitCode, s.output);
    JsonNode c = s.capacity();
    long lastGood = c.at("/lastGood/level").asLong();
    assertTrue(Math.abs(lastGood - KNEE) <= KNEE / 10, "lastGood " + lastGood + " for a knee of " + KNEE + "\n" + s.output);
    assertEquals(2, c.at("/lastGood/injectors").size(), "both shards' CPU and heap: " + c.at("/lastGood/injectors"));
    assertEquals(280, c.at("/lastGood/achieved").asLong(), "the shards held the level's connections together");
    assertTrue(c.at("/firstBad/requests/heartbeat/p50").asLong() >= 300, s.output);
  }

  /** bin/capacity's main in its own JVM, as the script runs it after compiling. */
  record Search(int exitCode, String output, Path dir) {

    /**
     * The search, once more in a fresh folder when it missed the knee while the host starved its injectors (their
     * threads waited for a CPU most of the time: other work on the host): a 100 ms SLO measures the host then.
     * Measured with the host at a load of 10-13: heartbeat p99 279 ms at 300 connections, below the knee.
     */
    static Search run(Path reports, List<String> args, List<String> props) throws Exception {
      Search first = once(reports.resolve("1"), args, props);
      if (first.dir == null || (first.exitCode == 0 && first.foundTheKnee()) || !first.starved()) {
        return first;
      }
      System.out.println("the host starved the injectors (CPU wait > 75 %): searching once more\n" + first.output);
      return once(reports.resolve("2"), args, props);
    }

    boolean foundTheKnee() throws IOException {
      return Math.abs(capacity().at("/lastGood/level").asLong(-1_000) - KNEE) <= KNEE / 10;
    }

    boolean starved() throws IOException {
      for (JsonNode level : capacity().at("/levels")) {
        for (JsonNode injector : level.at("/injectors")) {
          if (injector.at("/cpuWaitPercent").asDouble() > 75) {
            return true;
          }
        }
      }
      return false;
    }

    static Search once(Path reports, List<String> args, List<String> props) throws Exception {
      Files.createDirectories(reports);
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m"));
      cmd.addAll(props);
      cmd.addAll(List.of("-cp", GatlingCommand.classpath(), CapacityMain.class.getName(), "--reports", reports.toString()));
      cmd.addAll(args);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      ProcessLines lines = new ProcessLines(p);
      if (!p.waitFor(8, TimeUnit.MINUTES)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor();
        throw new AssertionError("the search did not end within 8 minutes:\n" + lines.text());
      }
      Thread.sleep(200); // the reader drains the last lines
      try (Stream<Path> dirs = Files.list(reports)) {
        Path dir = dirs.filter(d -> d.getFileName().toString().startsWith("heartbeat-capacity-")).findFirst().orElse(null);
        return new Search(p.exitValue(), lines.text(), dir);
      }
    }

    JsonNode capacity() throws IOException {
      return new ObjectMapper().readTree(dir.resolve("capacity.json").toFile());
    }
  }

  /** bin/compare's main in its own JVM. */
  record Compare(int exitCode, String output) {
    static Compare run(Path baseline, Path current) throws Exception {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
          "-cp", GatlingCommand.classpath(), CompareMain.class.getName(), baseline.toString(), current.toString())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(60, TimeUnit.SECONDS);
      return new Compare(p.exitValue(), out);
    }
  }
}
