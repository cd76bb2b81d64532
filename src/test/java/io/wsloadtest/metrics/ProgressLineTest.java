package io.wsloadtest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsloadtest.metrics.ProgressLine.Snapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

  @Test
  void rampLineShowsRateAndEta() {
    Snapshot before = new Snapshot(10_000, 10_000, 3_600, 3_600, 3_600, 0, 0);
    Snapshot now = new Snapshot(15_000, 10_000, 4_500, 4_600, 4_500, 3, 1);
    // 900 connects in 5 s = 180/s; 1000 arrivals in 5 s = 200/s, 5400 users left = 27 s.
    assertEquals("connected 4500/10000 (45%) | 180 conn/s | KO 3 | heartbeat misses 1 | full ramp in 27s",
        ProgressLine.render(now, before));
  }

  @Test
  void longEtaIsInMinutesAndHoldSaysRampDone() {
    Snapshot before = new Snapshot(0, 100_000, 0, 0, 0, 0, 0);
    Snapshot now = new Snapshot(5_000, 100_000, 500, 500, 500, 0, 0);
    assertEquals("connected 500/100000 (1%) | 100 conn/s | KO 0 | heartbeat misses 0 | full ramp in 16m35s",
        ProgressLine.render(now, before));
    Snapshot held = new Snapshot(10_000, 100, 98, 100, 100, 2, 0);
    assertEquals("connected 98/100 (98%) | 0 conn/s | KO 2 | heartbeat misses 0 | ramp done",
        ProgressLine.render(held, new Snapshot(5_000, 100, 98, 100, 100, 2, 0)));
  }

  @Test
  void aLauncherSumsOnlyItsOwnShards(@org.junit.jupiter.api.io.TempDir java.nio.file.Path targets) throws Exception {
    // Registrations as ScrapeTarget writes them: the launcher's shard (pid 222), another run's injector on this
    // host (111), one of another host whose pid is 222 too (a shared folder), and a server.
    String host = ScrapeTarget.thisHost();
    register(targets, "injector-a", "injector", host, 111, "127.0.0.1:4001");
    register(targets, "injector-b", "injector", host, 222, "127.0.0.1:4002");
    register(targets, "injector-c", "injector", host + "-other", 222, "10.0.0.9:4003");
    register(targets, "server-d", "server", host, 222, "127.0.0.1:4004");
    assertEquals(java.util.List.of("http://127.0.0.1:4002/metrics"),
        ShardProgress.injectorUrls(targets, java.util.Set.of(222L)));
    assertEquals(3, ShardProgress.injectorUrls(targets).size(), "every injector, servers not");
  }

  @Test
  void shardsSlowToAnswerOrEndedKeepTheirFigures_nothingGoesBackwards() {
    ShardProgress.Totals totals = new ShardProgress.Totals();
    Snapshot a = new Snapshot(1_000, 100, 90, 100, 95, 5, 3);
    Snapshot b = new Snapshot(1_000, 100, 80, 100, 85, 2, 1);
    assertEquals(new Snapshot(1_000, 200, 170, 200, 180, 7, 4),
        totals.update(1_000, java.util.Map.of("a", java.util.Optional.of(a), "b", java.util.Optional.of(b)), s -> true));
    // b did not answer this time (a busy host): its last figures count, a's new ones too
    Snapshot a2 = new Snapshot(2_000, 100, 92, 100, 97, 6, 3);
    assertEquals(new Snapshot(2_000, 200, 172, 200, 182, 8, 4),
        totals.update(2_000, java.util.Map.of("a", java.util.Optional.of(a2), "b", java.util.Optional.empty()),
            s -> true));
    // b has ended and unregistered: its counters stay, its connections are closed
    assertEquals(new Snapshot(3_000, 200, 92, 200, 182, 8, 4),
        totals.update(3_000, java.util.Map.of("a", java.util.Optional.of(a2)), s -> true));
    // a's registration is still there but its process is gone: the same
    assertEquals(new Snapshot(4_000, 200, 0, 200, 182, 8, 4),
        totals.update(4_000, java.util.Map.of("a", java.util.Optional.empty()), s -> !s.equals("a")));
  }

  private static void register(java.nio.file.Path dir, String name, String role, String host, long pid, String address)
      throws Exception {
    new com.fasterxml.jackson.databind.ObjectMapper().writeValue(dir.resolve(name + ".json").toFile(),
        java.util.List.of(java.util.Map.of("targets", java.util.List.of(address),
            "labels", java.util.Map.of("role", role, "hostname", host, "pid", "" + pid))));
  }

  @Test
  void noArrivalsYetGivesUnknownEta() {
    Snapshot s = new Snapshot(5_000, 50, 0, 0, 0, 0, 0);
    assertEquals("connected 0/50 (0%) | 0 conn/s | KO 0 | heartbeat misses 0 | full ramp in ?",
        ProgressLine.render(s, null));
  }

  @Test
  void shardsAddUpToOneLine() {
    Snapshot a = new Snapshot(1_000, 50_000, 10_000, 10_000, 10_000, 1, 2);
    Snapshot b = new Snapshot(1_200, 50_000, 12_000, 12_500, 12_000, 3, 4);
    Snapshot total = a.plus(b);
    assertEquals(new Snapshot(1_200, 100_000, 22_000, 22_500, 22_000, 4, 6), total);
    assertEquals("connected 22000/100000 (22%) | 0 conn/s | KO 4 | heartbeat misses 6 | full ramp in ?",
        ProgressLine.render(total, null));
  }

  @Test
  void reporterPrintsALinePerInterval() throws Exception {
    AtomicLong connected = new AtomicLong();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (ProgressReporter r = ProgressReporter.start(
        () -> new Snapshot(System.currentTimeMillis(), 10, connected.incrementAndGet(), 0, 0, 0, 0),
        Duration.ofMillis(50), out, "progress (2 shards)")) {
      awaitLines(bytes, 3);
    }
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(true, lines.length >= 3, String.join("\n", lines));
    assertEquals(true, lines[0].startsWith("progress (2 shards): connected 2/10 (20%)"), lines[0]);
    assertEquals(true, lines[1].startsWith("progress (2 shards): connected 3/10 (30%)"), lines[1]);
  }

  @Test
  void aFailedOrSlowRoundOfScrapesNeitherEndsTheLinesNorBurstsThemAfterwards() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    AtomicLong calls = new AtomicLong();
    java.util.List<Long> printedAt = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (ProgressReporter r = ProgressReporter.start(() -> {
      long call = calls.incrementAndGet();
      if (call == 2) {
        throw new IllegalStateException("a shard answered 500");
      }
      if (call == 3) {
        try {
          Thread.sleep(500); // ten intervals in one slow round
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      printedAt.add(System.nanoTime());
      return new Snapshot(System.currentTimeMillis(), 10, call, 0, 0, 0, 0);
    }, Duration.ofMillis(50), out, "progress")) {
      awaitLines(bytes, 5);
    }
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(true, lines.length >= 5, String.join("\n", lines));
    assertEquals(true, lines[0].startsWith("progress: (no figures this time: java.lang.IllegalStateException"), lines[0]);
    assertEquals(true, lines[1].startsWith("progress: connected 3/10"), lines[1]);
    assertEquals(true, lines[2].startsWith("progress: connected 4/10"), lines[2]);
    // after the slow round, the next line waits its interval instead of catching up on the missed ones
    assertEquals(true, printedAt.get(3) - printedAt.get(2) >= Duration.ofMillis(45).toNanos(),
        "lines " + (printedAt.get(3) - printedAt.get(2)) / 1_000_000 + " ms apart after the slow round");
  }

  /** Until the reporter has printed {@code n} lines (10 s at most; the assertions then say what came). */
  private static void awaitLines(ByteArrayOutputStream bytes, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (bytes.toString(StandardCharsets.UTF_8).lines().count() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  @Test
  void shardSnapshotIsReadFromTheExposition() {
    MetricsText m = MetricsText.parse(String.join("\n",
        "# TYPE wsload_users_planned gauge",
        "wsload_users_planned{shard=\"1\"} 100.0",
        "wsload_connections_open{shard=\"1\",target=\"ws://127.0.0.1:9001/echo\"} 40.0",
        "wsload_connections_open{shard=\"1\",target=\"ws://127.0.0.1:9002/echo\"} 38.0",
        "wsload_connection_attempts_total{kind=\"connect\",shard=\"1\",status=\"ok\",target=\"a\"} 80.0",
        "wsload_connection_attempts_total{kind=\"connect\",shard=\"1\",status=\"ko\",target=\"a\"} 2.0",
        "wsload_connection_attempts_total{kind=\"reconnect\",shard=\"1\",status=\"ok\",target=\"a\"} 5.0",
        "wsload_heartbeats_total{shard=\"1\",status=\"missed\",target=\"a\"} 7.0",
        "wsload_closes_total{shard=\"1\",status=\"ko\",target=\"a\"} 1.0",
        ""));
    assertEquals(new Snapshot(42, 100, 78, 82, 85, 10, 7), ShardProgress.snapshot(m, 42));
  }
}
