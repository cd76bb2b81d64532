package io.wsloadtest.shards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/launch's own arguments and settings that concern the launch as a whole, through the launcher's JVM. */
class LaunchEndToEndTest {

  /** Before, every shard got the same fixed port: all but one failed to serve /metrics once started. */
  @Test
  void aFixedMetricsPortGivesEveryShardAndServerItsOwn(@TempDir Path reports) throws Exception {
    int[] targets = ShardedRunTest.freePorts(2);
    int base = freeRange(4);
    ShardedRunTest.Launch run = ShardedRunTest.Launch.start(reports,
        List.of("--shards", "2", "--local-servers", "--simulation", "Connect"),
        "-Dtarget=ws://127.0.0.1:" + targets[0] + "/echo,ws://127.0.0.1:" + targets[1] + "/echo",
        "-Dusers=20", "-Dramp=1s", "-Dhold=2s", "-Dwsload.metrics.port=" + base);
    int code = run.waitFor(240);
    assertEquals(ExitCodes.OK, code, run.output());
    Path runDir = ShardedRunTest.onlyRunDir(reports);
    for (int i = 0; i < 2; i++) {
      String shard = Files.readString(runDir.resolve("shard-" + i + ".out"));
      assertTrue(shard.contains("metrics:    http://127.0.0.1:" + (base + i) + "/metrics"), shard);
    }
    String servers;
    try (Stream<Path> outs = Files.list(runDir.resolve("servers"))) {
      servers = outs.map(LaunchEndToEndTest::read).reduce("", String::concat);
    }
    for (int j = 0; j < 2; j++) {
      assertTrue(servers.contains("metrics: http://127.0.0.1:" + (base + 2 + j) + "/metrics"), servers);
    }
    JsonNode latest = new ObjectMapper().readTree(reports.resolve("outcome.json").toFile());
    assertEquals(0, latest.at("/exitCode").asInt(), latest.toString());
    assertEquals(latest, new ObjectMapper().readTree(runDir.resolve("outcome.json").toFile()), "the run's own");
  }

  @Test
  void aBadArgumentIsRefusedByNameWithoutAStackTrace(@TempDir Path reports) throws Exception {
    ShardedRunTest.Launch run = ShardedRunTest.Launch.start(reports, List.of("--shards", "abc", "--jvm-opt"));
    assertEquals(ExitCodes.REFUSED, run.waitFor(60), run.output());
    assertTrue(run.output().startsWith("Invalid bin/launch arguments, nothing was started:\n"
        + "  - --shards = 'abc': must be a whole number of shards, 1 or more"), run.output());
    assertTrue(run.output().contains("  - --jvm-opt: needs a value"), run.output());
    assertFalse(run.output().contains("Exception"), run.output());
    JsonNode latest = new ObjectMapper().readTree(reports.resolve("outcome.json").toFile());
    assertEquals(ExitCodes.REFUSED, latest.at("/exitCode").asInt(), latest.toString());
  }

  /** Before, WSLOAD_SHARD_WARM__UP__USERS=1k reached Integer.parseInt in every shard: a stack trace. */
  @Test
  void aBadShardSettingFromTheEnvironmentIsRefusedByName(@TempDir Path reports) throws Exception {
    int[] targets = ShardedRunTest.freePorts(2);
    ShardedRunTest.Launch run = ShardedRunTest.Launch.startWarm(reports, Map.of("WSLOAD_SHARD_WARM__UP__USERS", "1k"),
        List.of("--shards", "2", "--local-servers", "--simulation", "Connect"),
        "-Dtarget=ws://127.0.0.1:" + targets[0] + "/echo,ws://127.0.0.1:" + targets[1] + "/echo", "-Dusers=20");
    assertEquals(ExitCodes.REFUSED, run.waitFor(120), run.output());
    assertTrue(run.output().contains("  - wsload.shard.warm-up-users = 1k: must be a number"), run.output());
    assertFalse(run.output().contains("Exception"), run.output());
  }

  /** A range of free consecutive ports below the ephemeral range (32768+), so no client socket takes one meanwhile. */
  static int freeRange(int n) throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 32_000);
      boolean free = true;
      for (int p = base; p < base + n && free; p++) {
        try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
          free = true;
        } catch (IOException taken) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IOException("no " + n + " free consecutive ports found");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
