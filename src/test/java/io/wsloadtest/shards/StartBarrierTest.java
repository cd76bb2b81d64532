package io.wsloadtest.shards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.testkit.RefusedPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start barrier's rules on a real folder; ShardedRunTest runs it with real shard JVMs. */
class StartBarrierTest {

  static StartBarrier shard(Path runDir, String runId, int index, int count, Duration timeout) {
    return shard(runDir, runId, index, count, timeout, 0);
  }

  /** A shard whose clock is {@code skewMillis} off the true time (the folder's clock here). */
  static StartBarrier shard(Path runDir, String runId, int index, int count, Duration timeout, long skewMillis) {
    return new StartBarrier(runDir, runId, index, count, 10, timeout, Duration.ZERO,
        () -> System.currentTimeMillis() + skewMillis);
  }

  /** When each shard's barrier returned, on the true clock, and the record it returned. */
  record Arrival(long returnedAt, ShardRecord record) {}

  static List<Arrival> arriveTogether(Path runDir, long... skews) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(skews.length);
    try {
      List<Future<Arrival>> futures = new ArrayList<>();
      for (int i = 0; i < skews.length; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          Thread.sleep(index * 300L); // arrivals spread out, as JVMs get ready one after another
          ShardRecord r = shard(runDir, "run", index, skews.length, Duration.ofSeconds(30), skews[index]).arrive();
          return new Arrival(System.currentTimeMillis(), r);
        }));
      }
      List<Arrival> arrivals = new ArrayList<>();
      for (Future<Arrival> f : futures) {
        arrivals.add(f.get(60, TimeUnit.SECONDS));
      }
      return arrivals;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shardsArrivingAtDifferentTimesAllStartAtOneInstant(@TempDir Path runDir) throws Exception {
    List<Arrival> arrivals = arriveTogether(runDir, 0, 0, 0);
    long planned = arrivals.get(0).record().plannedStartMillis();
    for (Arrival a : arrivals) {
      assertEquals(planned, a.record().plannedStartMillis(), "one common instant");
      assertTrue(a.returnedAt() >= planned - 20, "returns at the instant, not before: " + a); // fs clock granularity
      assertTrue(a.record().started());
    }
    long lastReady = ShardRecord.read(ShardRecord.shardDir(runDir, 2)).orElseThrow().readyAtMillis();
    assertEquals(lastReady + StartBarrier.MARGIN.toMillis(), planned, "the last one ready + the margin");
  }

  /**
   * Shard 1's clock is 400 ms ahead: on its own clock it was ready later than it was. Before, every other shard
   * slept those 400 ms more and started that much after it; the shared folder's clock makes it one instant.
   */
  @Test
  void aShardWhoseClockIsAheadStillStartsWithTheOthers(@TempDir Path runDir) throws Exception {
    List<Arrival> arrivals = arriveTogether(runDir, 0, 400);
    long spread = Math.abs(arrivals.get(0).returnedAt() - arrivals.get(1).returnedAt());
    assertTrue(spread < 150, "started " + spread + " ms apart: " + arrivals);
    assertEquals(arrivals.get(0).record().plannedStartMillis(), arrivals.get(1).record().plannedStartMillis());
    // Each knows how far its clock is from the folder's, and how late it started (both recorded for the summary).
    long offset = arrivals.get(1).record().clockOffsetMillis();
    assertTrue(offset <= -380 && offset >= -430, "shard 1's clock offset " + offset);
    for (Arrival a : arrivals) {
      assertTrue(Math.abs(a.record().startOffsetMillis()) < 150, "start offset " + a);
    }
  }

  @Test
  void aShardWhoseClockIsFarOffRefusesByNameAndStopsTheOthersAtOnce(@TempDir Path runDir) throws Exception {
    StartBarrier.NotReadyException e = assertThrows(StartBarrier.NotReadyException.class,
        () -> shard(runDir, "run", 1, 2, Duration.ofSeconds(30), 5_000).arrive());
    assertTrue(e.getMessage().startsWith("shard 1 of 2 is not ready: its clock is 5.0 s ahead of the shared folder's ("),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("Synchronise the machines' clocks (NTP, chrony): the kit accepts up to 1000 ms;"
        + " no load was started"), e.getMessage());
    shard(runDir, "run", 1, 2, Duration.ofSeconds(30), 5_000).recordFailure(e.getMessage());
    long start = System.nanoTime();
    StartBarrier.NotReadyException other = assertThrows(StartBarrier.NotReadyException.class,
        () -> shard(runDir, "run", 0, 2, Duration.ofSeconds(30)).arrive());
    assertTrue(other.getMessage().startsWith("shard 1 of 2 failed before load: shard 1 of 2 is not ready: its clock is"),
        other.getMessage());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "at once, not after a timeout");
  }

  /** A record claiming a ready time far ahead (a clock gone wrong after it was measured) is not waited for. */
  @Test
  void theWaitForTheInstantIsBounded(@TempDir Path runDir) throws Exception {
    ShardRecord.ready("run", 1, 2, 10, System.currentTimeMillis() + 60_000, 0).write(ShardRecord.shardDir(runDir, 1));
    long start = System.nanoTime();
    StartBarrier.NotReadyException e = assertThrows(StartBarrier.NotReadyException.class,
        () -> shard(runDir, "run", 0, 2, Duration.ofSeconds(30)).arrive());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "no minute-long sleep");
    assertTrue(e.getMessage().matches("shard 1 of 2 recorded itself ready (59|60)\\.\\d s ahead of the shared folder's"
        + " clock \\(.*\\): shard 0 of 2 will not wait that long; no load was started"), e.getMessage());
  }

  /**
   * Shard 0 waits; shard 1 records itself ready 100 ms later, but the folder shows that record to shard 0 only
   * {@code visibleAfterMillis} later (a shared volume caching what it lists). Returns shard 0's outcome.
   */
  static Future<ShardRecord> lateSighting(Path runDir, long visibleAfterMillis, ExecutorService pool) {
    long shardZeroReady = System.currentTimeMillis();
    Future<ShardRecord> zero = pool.submit(() -> shard(runDir, "run", 0, 2, Duration.ofSeconds(30)).arrive());
    pool.submit(() -> {
      Thread.sleep(visibleAfterMillis);
      ShardRecord.ready("run", 1, 2, 10, shardZeroReady + 100, 0).write(ShardRecord.shardDir(runDir, 1));
      return null;
    });
    return zero;
  }

  /** The planned instant passed 3.4 s before this shard saw it: it does not start that late, it fails, saying why. */
  @Test
  void aRecordSeenTooLateFailsTheShardThatSawItLate(@TempDir Path runDir) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<ShardRecord> zero = lateSighting(runDir, 4_000, pool);
      java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> zero.get(60, TimeUnit.SECONDS));
      StartBarrier.NotReadyException late = (StartBarrier.NotReadyException) e.getCause();
      assertTrue(late.getMessage().matches("shard 0 of 2 saw shard 1's record \\d+\\.\\d s after the instant all shards"
          + " were to start at: the shared folder \\(.*\\) showed it that late .*; it does not start that late:"
          + " its users are missing from the run"), late.getMessage());
      assertTrue(late.ownFailure, "it records that it did not start");
    } finally {
      pool.shutdownNow();
    }
  }

  /** Seen 400 ms after the instant (under the limit): it starts at once, and its record says how late. */
  @Test
  void aSlightlyLateStartIsMeasuredAndRecorded(@TempDir Path runDir) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      ShardRecord r = lateSighting(runDir, 1_000, pool).get(60, TimeUnit.SECONDS);
      assertTrue(r.startOffsetMillis() >= 350 && r.startOffsetMillis() < StartBarrier.MAX_LATE_START.toMillis(),
          "about 400 ms late: " + r);
      assertEquals(r, ShardRecord.read(ShardRecord.shardDir(runDir, 0)).orElseThrow(), "recorded as it started");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aStaleRecordOfAnotherRunDoesNotCount(@TempDir Path runDir) throws Exception {
    ShardRecord.ready("old-run", 1, 2, 10, System.currentTimeMillis(), 0).write(ShardRecord.shardDir(runDir, 1));
    StartBarrier.NotReadyException e = assertThrows(StartBarrier.NotReadyException.class,
        () -> shard(runDir, "new-run", 0, 2, Duration.ZERO).arrive());
    assertTrue(e.getMessage().startsWith("shard(s) [1] of 2 not ready within"), e.getMessage());
    assertTrue(e.getMessage().contains("no record of run new-run"), e.getMessage());
  }

  @Test
  void aShardThatFailedStopsTheOthersNamingIt(@TempDir Path runDir) throws Exception {
    ShardRecord.failed("run", 1, 2, 10, "target(s) [127.0.0.1:9] not reachable").write(ShardRecord.shardDir(runDir, 1));
    StartBarrier.NotReadyException e = assertThrows(StartBarrier.NotReadyException.class,
        () -> shard(runDir, "run", 0, 2, Duration.ofSeconds(30)).arrive());
    assertEquals("shard 1 of 2 failed before load: target(s) [127.0.0.1:9] not reachable; shard 0 of 2 stops too:"
        + " no load was started", e.getMessage());
  }

  @Test
  void anUnreachableTargetMakesTheShardNotReady() throws Exception {
    try (RefusedPort refused = new RefusedPort()) {
      int dead = refused.port();
      StartBarrier.NotReadyException e = assertThrows(StartBarrier.NotReadyException.class,
          () -> shard(Path.of("unused"), "run", 0, 1, Duration.ZERO)
              .checkReachable(List.of(io.wsloadtest.config.Target.parseUrl(refused.url()))));
      assertTrue(e.getMessage().startsWith("shard 0 of 1 is not ready: target(s) [127.0.0.1:" + dead + "] not reachable"),
          e.getMessage());
    }
  }
}
