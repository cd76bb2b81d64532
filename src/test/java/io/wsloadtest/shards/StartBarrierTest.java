package io.wsloadtest.shards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    return new StartBarrier(runDir, runId, index, count, 10, timeout, Duration.ZERO);
  }

  @Test
  void shardsArrivingAtDifferentTimesAllStartAtOneInstant(@TempDir Path runDir) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Long>> starts = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int index = i;
        starts.add(pool.submit(() -> {
          Thread.sleep(index * 300L); // arrivals spread out, as JVMs get ready one after another
          long start = shard(runDir, "run", index, 3, Duration.ofSeconds(30)).arrive();
          assertTrue(System.currentTimeMillis() >= start, "returns at the instant, not before");
          return start;
        }));
      }
      long first = starts.get(0).get(60, TimeUnit.SECONDS);
      for (Future<Long> f : starts) {
        assertEquals(first, f.get(60, TimeUnit.SECONDS), "one common instant");
      }
      long lastReady = ShardRecord.read(ShardRecord.shardDir(runDir, 2)).orElseThrow().readyAtMillis();
      assertEquals(lastReady + StartBarrier.MARGIN.toMillis(), first, "the last one ready + the margin");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aStaleRecordOfAnotherRunDoesNotCount(@TempDir Path runDir) throws Exception {
    ShardRecord.ready("old-run", 1, 2, 10, System.currentTimeMillis()).write(ShardRecord.shardDir(runDir, 1));
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
    int dead = ShardedRunTest.freePorts(1)[0];
    StartBarrier.NotReadyException e = assertThrows(StartBarrier.NotReadyException.class,
        () -> shard(Path.of("unused"), "run", 0, 1, Duration.ZERO)
            .checkReachable(List.of(io.wsloadtest.config.Target.parseUrl("ws://127.0.0.1:" + dead + "/echo"))));
    assertTrue(e.getMessage().startsWith("shard 0 of 1 is not ready: target(s) [127.0.0.1:" + dead + "] not reachable"),
        e.getMessage());
  }
}
