package io.wsloadtest.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.simlog.RunStatistics;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connect, Heartbeat and Echo, each with its defaults (the smoke profile's), against a WebSocket server
 * written by others: exit 0 and no KO, counted from simulation.log. Subclasses start the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DefaultsHoldAgainstForeignServers {

  static final int USERS = 20;

  /** ws:// URL of the server under test, on loopback. */
  abstract String target();

  @Test
  void connectHoldsEveryConnectionAndFindsItAlive(@TempDir Path results) throws Exception {
    ForeignServerRun run = ForeignServerRun.run("Connect", target(), USERS, results);
    assertEquals(0, run.exitCode, run.toString());
    RunStatistics s = run.summary;
    assertEquals(USERS, s.ok("connect"), run.toString());
    assertEquals(USERS, s.ok("close"), run.toString());
    assertEquals(0, s.totalKo(), run.toString());
  }

  @Test
  void heartbeatKeepsEveryConnectionAlive(@TempDir Path results) throws Exception {
    ForeignServerRun run = ForeignServerRun.run("Heartbeat", target(), USERS, results);
    assertEquals(0, run.exitCode, run.toString());
    RunStatistics s = run.summary;
    assertEquals(USERS, s.ok("connect"), run.toString());
    assertTrue(s.ok("heartbeat") >= USERS, "at least one beat each: " + run);
    assertEquals(0, s.ok("reconnect"), run.toString());
    assertEquals(0, s.totalKo(), run.toString());
  }

  @Test
  void echoGetsEveryTextBack(@TempDir Path results) throws Exception {
    ForeignServerRun run = ForeignServerRun.run("Echo", target(), USERS, results);
    assertEquals(0, run.exitCode, run.toString());
    RunStatistics s = run.summary;
    // The smoke profile's echo: 5 texts of 64 bytes per user.
    assertEquals(5L * USERS, s.ok("same text back"), run.toString());
    assertEquals(0, s.totalKo(), run.toString());
  }
}
