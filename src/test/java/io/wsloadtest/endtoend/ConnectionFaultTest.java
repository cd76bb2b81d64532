package io.wsloadtest.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.config.ServerFaults;
import io.wsloadtest.config.ServerSettings;
import io.wsloadtest.server.EchoServer;
import io.wsloadtest.shards.GatlingCommand;
import io.wsloadtest.shards.ProcessLines;
import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.testkit.GatlingRun;
import io.wsloadtest.testkit.RefusedPort;
import io.wsloadtest.ws.DropCause;
import io.wsloadtest.ws.DropTable;
import io.wsloadtest.ws.Requests;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HeartbeatSimulation in a real Gatling JVM against servers that misbehave on purpose (killed, silent,
 * closing, slow, refusing), over loopback. Counts come from simulation.log; where the cause of a drop is
 * deterministic the count is asserted exactly.
 */
class ConnectionFaultTest {

  /** Quick heartbeats so each run takes a few seconds; a generous timeout for a busy machine. */
  static final String[] FAST_BEATS = {"wsload.heartbeat.interval", "1s", "wsload.heartbeat.timeout", "800ms",
      "wsload.heartbeat.reconnect-backoff", "200ms", "wsload.heartbeat.reconnect-backoff-max", "1s"};

  static GatlingRun heartbeat(Path results, String... keyValues) throws Exception {
    List<String> all = new ArrayList<>(List.of(FAST_BEATS));
    all.addAll(List.of(keyValues));
    return GatlingRun.run("Heartbeat", results, false, all.toArray(String[]::new));
  }

  @Test
  void serverKilledAndRestartedMidHold_everyLinkIsDroppedOnceAndReconnected(@TempDir Path results) throws Exception {
    int users = 40;
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    EchoServerProcess first = EchoServerProcess.start(port);
    EchoServerProcess second = null;
    try {
      CompletableFuture<GatlingRun> run = CompletableFuture.supplyAsync(() -> {
        try {
          // The hold leaves room for the restarted server's JVM to start on a busy machine: with 9 s, CI with a core
          // busy saw the reconnects land as the hold ended, and no heartbeat after them.
          return heartbeat(results, "users", "" + users, "ramp", "1s", "hold", "16s", "wsload.heartbeat.mode", "ping",
              "target", "ws://127.0.0.1:" + port + "/echo", "wsload.heartbeat.max-reconnects", "30");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      first.awaitConnections(users, 60);
      long killedAt = System.currentTimeMillis();
      first.kill();
      Thread.sleep(1500); // clients find the server gone: reconnects are refused for a while
      // Nothing answers between the kill and this instant: a heartbeat OK after it was answered by the new server
      // (taken before the start, as clients may reach the new server before this thread reads that it listens).
      long restartedAt = System.currentTimeMillis();
      second = EchoServerProcess.start(port);
      GatlingRun r = run.get(150, TimeUnit.SECONDS);

      assertEquals(2, r.exitCode, "the drops are KOs, so the run fails its assertions:\n" + r.output);
      RunStatistics s = r.summary();
      DropTable drops = DropTable.from(s);
      // Every connection was lost once, without a close frame, and came back once.
      assertEquals(users, drops.count(DropCause.ABNORMAL_CLOSE), s.toString());
      assertEquals(users, s.ok("reconnect"), s.toString());
      assertEquals(users, drops.reconnections);
      // Each refused attempt is a failed reconnect and a "connect refused" drop; nothing else was lost.
      assertTrue(drops.count(DropCause.CONNECT_REFUSED) > 0, s.toString());
      assertEquals(s.ko("reconnect"), drops.count(DropCause.CONNECT_REFUSED), s.toString());
      assertEquals(Map.of(DropCause.ABNORMAL_CLOSE, (long) users, DropCause.CONNECT_REFUSED,
          s.ko("reconnect")), drops.byCause, s.toString());
      // Reconnects happened after the kill, heartbeats went on after the restart, everyone closed cleanly.
      assertTrue(s.okSpans.get("reconnect")[0] >= killedAt, s.toString());
      assertTrue(s.okSpans.get("heartbeat")[1] > restartedAt, s.toString());
      assertEquals(users, s.ok("close"), s.toString());
      // One failure, one KO: lost links are drops, refused reconnects are KO reconnects (their cause is in the
      // drop table, not a second record); besides them only pings in flight at the kill failed.
      assertEquals(s.ko("drop") + s.ko("reconnect") + s.ko("heartbeat"), s.totalKo(), s.toString());
      assertEquals(users, s.ko("drop"), s.toString());
      assertTrue(s.ko("heartbeat") <= users, s.toString());
      // The table printed at the end of the run has the same counts as the log.
      assertTrue(r.output.contains(drops.toString()), r.output + "\nexpected:\n" + drops);
    } finally {
      first.kill();
      if (second != null) {
        second.kill();
      }
    }
  }

  @Test
  void halfOpenClosingAndRefusingServers_eachDropIsCountedUnderItsCauseExactly(@TempDir Path results)
      throws Exception {
    try (EchoServer silent = faultyServer(new ServerFaults(Duration.ofMillis(1500), Duration.ZERO, 0, 1008, SECOND));
         EchoServer closing = faultyServer(new ServerFaults(Duration.ZERO, Duration.ZERO, 0.1, 1008,
             Duration.ofMillis(1500)));
         ServerSocket mute = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
         RefusedPort closed = new RefusedPort()) {
      int closedPort = closed.port();
      // Users go round robin, 50 each, to: a server that stops answering 1.5 s into each connection but keeps
      // it open; one that closes every 10th connection with 1008 after 1.5 s; a wrong path (404); a closed
      // port; a port that accepts TCP and never answers the handshake.
      String targets = String.join(",", silent.urls().get(0), closing.urls().get(0),
          closing.urls().get(0).replace("/echo", "/nope"), "ws://127.0.0.1:" + closedPort + "/echo",
          "ws://127.0.0.1:" + mute.getLocalPort() + "/echo");
      // The hold leaves room for a busy machine: a silent link needs about 4 s to be declared dead.
      GatlingRun r = heartbeat(results, "users", "250", "ramp", "1s", "hold", "7s", "target", targets,
          "wsload.heartbeat.mode", "text",
          "wsload.heartbeat.dead-after", "2", "wsload.heartbeat.max-reconnects", "0",
          "gatling.http.requestTimeout", "1500");
      assertEquals(2, r.exitCode, r.output);
      RunStatistics s = r.summary();
      assertEquals(Map.of(DropCause.HEARTBEAT_TIMEOUT, 50L, DropCause.serverClose(1008), 5L,
          DropCause.handshake(404), 50L, DropCause.CONNECT_REFUSED, 50L, DropCause.HANDSHAKE_TIMEOUT, 50L),
          DropTable.from(s).byCause, s.toString());
      assertEquals(150, s.ko("connect"), s.toString());
      // Each failed connect is one KO (its own), not also a drop record.
      assertEquals(55, s.ko("drop"), s.toString());
      assertEquals(s.ko("connect") + s.ko("drop") + s.ko("heartbeat"), s.totalKo(), s.toString());
      // Silent links: dead-after missed replies each, after answered ones.
      assertTrue(s.ok("heartbeat") >= 100, s.toString());
      assertTrue(s.errors.get("Check heartbeat timeout") >= 2L * 50, s.toString());
      // Only the 45 links that stayed alive are closed at the end.
      assertEquals(45, s.ok("close"), s.toString());
    }
  }

  @Test
  void pingBeats_aSilentLinkIsDeadAfterItsMissedPongsExactly(@TempDir Path results) throws Exception {
    // The server stops answering 1.5 s into each connection: beats at 0 and 1 s are answered, the next two are
    // not, and the second missed pong (dead-after 2) closes the link as "heartbeat timeout"; no reconnect.
    try (EchoServer silent = faultyServer(new ServerFaults(Duration.ofMillis(1500), Duration.ZERO, 0, 1008, SECOND))) {
      int users = 20;
      GatlingRun r = heartbeat(results, "users", "" + users, "ramp", "1s", "hold", "9s", "target",
          silent.urls().get(0), "wsload.heartbeat.mode", "ping", "wsload.heartbeat.dead-after", "2",
          "wsload.heartbeat.max-reconnects", "0");
      assertEquals(2, r.exitCode, r.output);
      RunStatistics s = r.summary();
      assertEquals(Map.of(DropCause.HEARTBEAT_TIMEOUT, (long) users), DropTable.from(s).byCause, s.toString());
      assertEquals(Map.of("pong timeout", 2L * users, DropCause.HEARTBEAT_TIMEOUT, (long) users), s.errors, s.toString());
      assertTrue(s.ok("heartbeat") >= users, s.toString());
      assertEquals(s.ok("heartbeat"), s.ok(Requests.HEARTBEAT_FROM_SCHEDULE), s.toString());
      assertEquals(0, s.ok("close"), "no link is left to close: " + s);
    }
  }

  @Test
  void pingBeats_aClosedLinkIsReconnectedAtOnceNotAtTheNextBeat(@TempDir Path results) throws Exception {
    // Every connection is closed by the server (1008) 1.5 s after it opened; beats are 10 s apart and the hold
    // is 7 s, so the first beat is the only one: a drop noticed only at the next beat would leave no reconnect.
    try (EchoServer closing = faultyServer(new ServerFaults(Duration.ZERO, Duration.ZERO, 1.0, 1008,
        Duration.ofMillis(1500)))) {
      int users = 20;
      GatlingRun r = heartbeat(results, "users", "" + users, "ramp", "1s", "hold", "7s", "target",
          closing.urls().get(0), "wsload.heartbeat.mode", "ping", "wsload.heartbeat.interval", "10s",
          "wsload.heartbeat.timeout", "2s", "wsload.heartbeat.max-reconnects", "1");
      assertEquals(2, r.exitCode, r.output);
      RunStatistics s = r.summary();
      // Each user: dropped, reconnected, its second connection closed too, no reconnect left.
      assertEquals(users, s.ok("reconnect"), s.toString());
      assertEquals(Map.of(DropCause.serverClose(1008), 2L * users), DropTable.from(s).byCause, s.toString());
      assertEquals(2L * users, s.ok("heartbeat"), "one beat on each connection, at once: " + s);
    }
  }

  @Test
  void slowServers_latencyIsReportedAndOnlyRepliesPastTheTimeoutAreKo(@TempDir Path results) throws Exception {
    // Pongs 300 ms late from one server, 1.2 s late from the other; the timeout is 800 ms.
    try (EchoServer slow = faultyServer(new ServerFaults(Duration.ZERO, Duration.ofMillis(300), 0, 1008, SECOND));
         EchoServer late = faultyServer(new ServerFaults(Duration.ZERO, Duration.ofMillis(1200), 0, 1008, SECOND))) {
      int users = 20;
      GatlingRun r = heartbeat(results, "users", "" + users, "ramp", "1s", "hold", "3s",
          "target", slow.urls().get(0) + "," + late.urls().get(0), "wsload.heartbeat.mode", "ping",
          "wsload.heartbeat.dead-after", "100");
      assertEquals(2, r.exitCode, r.output);
      RunStatistics s = r.summary();
      // Half the users on each server, each beating at least once (how often depends on the machine's load).
      assertTrue(s.ok("heartbeat") >= users / 2, s.toString());
      assertTrue(s.percentile("heartbeat", 0) >= 300, "fastest pong " + s.percentile("heartbeat", 0) + " ms");
      assertTrue(s.percentile("heartbeat", 100) < 800, "slowest OK pong " + s.percentile("heartbeat", 100) + " ms");
      assertTrue(s.ko("heartbeat") >= users / 2, s.toString());
      assertEquals(Map.of("pong timeout", s.ko("heartbeat")), s.errors, "late pongs are the only KOs: " + s);
      assertEquals(users, s.ok("close"), "late is not dead: " + s);
    }
  }

  static final Duration SECOND = Duration.ofSeconds(1);

  static EchoServer faultyServer(ServerFaults faults) throws InterruptedException {
    EchoServer server = new EchoServer(ServerSettings.loopbackDefaults().withFaults(faults));
    server.start();
    return server;
  }

  /** bin/echo-server as a child process, killed by PID (SIGKILL) when the test is done with it. */
  static final class EchoServerProcess {
    final Process process;
    final ProcessLines lines;

    private EchoServerProcess(Process process) {
      this.process = process;
      this.lines = new ProcessLines(process);
    }

    static EchoServerProcess start(int port) throws Exception {
      List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
          "-Dwsload.server.ports=" + port, "-Dwsload.server.warm-up-connections=0", "-cp", GatlingCommand.classpath(), "io.wsloadtest.server.EchoServerMain");
      EchoServerProcess p = new EchoServerProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
      try {
        p.lines.await("echo server listening on", 30);
        return p;
      } catch (AssertionError e) {
        p.kill();
        throw new AssertionError("echo server did not start within 30 s", e);
      }
    }

    /** Waits until the server holds n connections (its own status line comes only every 10 s). */
    void awaitConnections(int n, int seconds) throws Exception {
      long deadline = System.currentTimeMillis() + seconds * 1000L;
      while (System.currentTimeMillis() < deadline) {
        if (openSockets() >= n) {
          Thread.sleep(1000); // a heartbeat or two on every link before the kill
          return;
        }
        Thread.sleep(100);
      }
      throw new AssertionError("the server never held " + n + " connections");
    }

    /** Established TCP connections of this process, from /proc (Linux). */
    private long openSockets() throws Exception {
      java.nio.file.Path fds = Path.of("/proc", "" + process.pid(), "fd");
      try (var s = java.nio.file.Files.list(fds)) {
        return s.filter(f -> {
          try {
            return java.nio.file.Files.readSymbolicLink(f).toString().startsWith("socket:");
          } catch (java.io.IOException e) {
            return false;
          }
        }).count() - 1; // minus the listening socket
      }
    }

    void kill() throws InterruptedException {
      if (process.isAlive()) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
