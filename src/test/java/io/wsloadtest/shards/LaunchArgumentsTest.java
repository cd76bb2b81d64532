package io.wsloadtest.shards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.config.MetricsSettings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** bin/launch's own arguments: refused like configuration keys, every problem named; one folder per launch. */
class LaunchArgumentsTest {

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(new String[] {"--shards", "abc"}, List.of("--shards = 'abc': must be a whole number of shards,"
            + " 1 or more (e.g. --shards 3), or left out to size them from the open-files limit")),
        Arguments.of(new String[] {"--shards", "0"}, List.of("--shards = '0': must be a whole number of shards,"
            + " 1 or more (e.g. --shards 3), or left out to size them from the open-files limit")),
        Arguments.of(new String[] {"--shards"}, List.of("--shards: needs a value")),
        Arguments.of(new String[] {"--shards", "--local-servers"}, List.of("--shards: needs a value")),
        Arguments.of(new String[] {"--simulation"}, List.of("--simulation: needs a value")),
        Arguments.of(new String[] {"--reports"}, List.of("--reports: needs a value")),
        Arguments.of(new String[] {"--jvm-opt"}, List.of("--jvm-opt: needs a value")),
        Arguments.of(new String[] {"--shard", "3"}, List.of("'--shard': unknown argument (settings are -Dkey=value)",
            "'3': unknown argument (settings are -Dkey=value)")),
        Arguments.of(new String[] {"--shards", "-2", "--simulation"}, List.of("--shards = '-2': must be a whole number"
            + " of shards, 1 or more (e.g. --shards 3), or left out to size them from the open-files limit",
            "--simulation: needs a value")));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void refusedWithEveryProblemNamed(String[] args, List<String> problems) {
    LaunchArguments.Refused e = assertThrows(LaunchArguments.Refused.class, () -> LaunchArguments.parse(args));
    assertEquals(problems, e.problems);
    assertEquals("Invalid bin/launch arguments, nothing was started:\n  - " + String.join("\n  - ", problems) + "\n"
        + LaunchArguments.USAGE, e.getMessage());
  }

  @Test
  void argumentsAsGiven() throws Exception {
    LaunchArguments a = LaunchArguments.parse("--shards", "3", "--local-servers", "--simulation", "Heartbeat",
        "--reports", "out", "--jvm-opt", "--add-opens=java.base/java.io=ALL-UNNAMED", "--jvm-opt", "-XX:+UseSerialGC");
    assertEquals(new LaunchArguments(3, true, "Heartbeat", Path.of("out"),
        List.of("--add-opens=java.base/java.io=ALL-UNNAMED", "-XX:+UseSerialGC")), a);
    assertEquals(new LaunchArguments(0, false, "Connect", Path.of("reports"), List.of()), LaunchArguments.parse());
  }

  /** Before, two launches in the same second wrote into one folder, each shard's records over the other's. */
  @Test
  void launchesStartedAtTheSameMomentGetAFolderEach(@TempDir Path reports) throws Exception {
    LocalDateTime now = LocalDateTime.now();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Path>> dirs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        dirs.add(pool.submit(() -> Launcher.newRunDir(reports, "io.example.ChatSimulation", now)));
      }
      Set<Path> distinct = new HashSet<>();
      for (Future<Path> d : dirs) {
        distinct.add(d.get(30, TimeUnit.SECONDS));
      }
      assertEquals(8, distinct.size(), distinct.toString());
      assertTrue(distinct.stream().allMatch(d -> d.getFileName().toString().startsWith("chatsimulation-sharded-")),
          distinct.toString());
    } finally {
      pool.shutdownNow();
    }
    assertNotEquals(Launcher.newRunDir(reports, "Heartbeat", now), Launcher.newRunDir(reports, "Heartbeat", now));
  }

  @Test
  void aFixedMetricsPortBecomesOnePortPerProcessCheckedFreeBeforeStart() throws Exception {
    int p = LaunchEndToEndTest.freeRange(5); // below the ephemeral ports: nothing else takes one meanwhile
    try (ServerSocket taken = new ServerSocket(p + 3, 1, InetAddress.getLoopbackAddress())) {
      MetricsPorts ports = MetricsPorts.of(metrics(p), 3, 2);
      assertEquals(List.of(p, p + 1, p + 2), List.of(ports.shard(0), ports.shard(1), ports.shard(2)));
      assertEquals(List.of(p + 3, p + 4), List.of(ports.server(0), ports.server(1)));
      String busy = ports.busy();
      assertTrue(busy != null && busy.startsWith("wsload.metrics.port = " + p + ": bin/launch gives shard i port " + p
          + "+i and local server j port " + p + "+3+j (" + p + "-" + (p + 4) + "), but " + (p + 3) + " is taken on"
          + " 127.0.0.1 ("), busy);
    }
    assertNull(MetricsPorts.of(metrics(0), 6, 6).busy(), "port 0: each process picks a free one");
  }

  private static MetricsSettings metrics(int port) {
    return new MetricsSettings(true, "127.0.0.1", port, "", Duration.ZERO, Duration.ofSeconds(5), 0, 1);
  }
}
