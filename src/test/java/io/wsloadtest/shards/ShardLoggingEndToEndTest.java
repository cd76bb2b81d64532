package io.wsloadtest.shards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.fixtures.LoggingProbeSimulation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shard's warm-up runs Gatling once before the real run in the same JVM, and Gatling stops logback when a
 * run ends. The real run must still log as logback-test.xml says: its WARNs reach the shard's output, nothing
 * is at DEBUG (which would print request headers, so a run with a secret header refuses to start).
 */
class ShardLoggingEndToEndTest {

  static final String SECRET = "Bearer logging-test-secret";

  @Test
  void aWarmShardWithASecretHeaderRunsAndItsRealRunLogsAsConfigured(@TempDir Path reports) throws Exception {
    int[] ports = ShardedRunTest.freePorts(2);
    ShardedRunTest.Launch run = ShardedRunTest.Launch.startWarm(reports,
        Map.of("WSLOAD_HANDSHAKE_HEADERS_AUTHORIZATION", SECRET),
        List.of("--shards", "2", "--local-servers", "--simulation", LoggingProbeSimulation.class.getName()),
        "-Dtarget=ws://127.0.0.1:" + ports[0] + "/echo,ws://127.0.0.1:" + ports[1] + "/echo",
        "-Dusers=40", "-Dramp=1s", "-Dhold=2s",
        // The shards' warm-up is what this is about; a small one is enough, and the servers need none.
        "-Dwsload.shard.warm-up-users=50", "-Dwsload.server.warm-up-connections=0");
    int code = run.waitFor(240);
    String out = run.output();
    assertEquals(ExitCodes.OK, code, out);

    Path runDir = ShardedRunTest.onlyRunDir(reports);
    for (int index = 0; index < 2; index++) {
      int i = index;
      String shard = Files.readString(runDir.resolve("shard-" + i + ".out"));
      assertTrue(shard.contains("warm-up: done"), "shard " + i + " warmed up:\n" + shard);
      String probe = shard.lines().filter(l -> l.contains(LoggingProbeSimulation.MARKER)).findFirst()
          .orElseThrow(() -> new AssertionError("shard " + i + "'s real run logged no WARN:\n" + shard));
      assertTrue(probe.contains("[WARN ]"), "logback-test.xml's pattern, so its appender: " + probe);
      assertTrue(probe.endsWith("DEBUG enabled: root=false, io.gatling=false, io.gatling.http.action.ws=false"),
          probe);
      assertFalse(shard.contains("logging-test-secret"), "the secret never appears:\n" + shard);
    }
  }
}
