package io.wsloadtest.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The injectors' own figures: CPU and CPU wait from /proc, GC pauses and heap from a unified GC log. */
class InjectorUseTest {

  @Test
  void cpuIsTheTicksBetweenTheSamplesAroundTheWindow() {
    // {millis, ticks (1/100 s), run ns, wait ns}
    List<long[]> s = List.of(new long[] {0, 0, 0, 0}, new long[] {1_000, 50, 500_000_000L, 100_000_000L},
        new long[] {2_000, 140, 1_400_000_000L, 200_000_000L}, new long[] {3_000, 150, 1_500_000_000L, 1_500_000_000L});
    assertEquals(70, InjectorSampler.cpuPercent(s, 0, 2_000), 1e-9);
    assertEquals(90, InjectorSampler.cpuPercent(s, 1_000, 2_000), 1e-9);
    assertEquals(70, InjectorSampler.cpuPercent(s, 500, 1_500), 1e-9, "the samples around 0.5..1.5 s: 0 and 2 s");
    assertEquals(100.0 * 1_400 / (1_000 + 1_400), InjectorSampler.cpuWaitPercent(s, 1_000, 3_000), 1e-9);
    assertEquals(-1, InjectorSampler.cpuPercent(List.of(new long[] {0, 0, 0, 0}), 0, 1), 1e-9);
  }

  @Test
  void aBusyShardProcessIsFoundAndMeasuredFromProc() throws Exception {
    // A process with a shard's command line (main class and index), busy for a few seconds, under a parent.
    Process parent = new ProcessBuilder("/bin/sh", "-c", "sh -c 'i=0; while [ $i -lt 8000000 ]; do i=$((i+1)); done' "
        + InjectorSampler.SHARD_MAIN + " -Dwsload.shard.index=3 & wait").start();
    try {
      InjectorSampler sampler = new InjectorSampler(parent.toHandle());
      long from = System.currentTimeMillis();
      for (int i = 0; i < 4 && parent.isAlive(); i++) {
        sampler.sample();
        Thread.sleep(500); // a sampling period
      }
      long to = System.currentTimeMillis();
      assertEquals(List.of(3), List.copyOf(sampler.shardPids().keySet()));
      double cpu = sampler.cpuPercent(3, from, to);
      double wait = sampler.cpuWaitPercent(3, from, to);
      // A busy loop is always runnable: it runs or it waits for a CPU, so the two add up to the whole time,
      // however busy the host (a quiet one: ~100 % and ~0 %; a busy one measured 25 % and 75 %).
      assertTrue(cpu > 0 && cpu <= 105, "CPU " + cpu);
      assertEquals(100, cpu + wait, 15, "CPU " + cpu + " % + wait " + wait + " %");
    } finally {
      parent.descendants().forEach(ProcessHandle::destroy);
      parent.destroy();
      parent.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void gcPausesAndHeapComeFromTheLogWithinTheWindow(@TempDir Path dir) throws Exception {
    Path log = Files.writeString(dir.resolve("gc-42.log"), String.join("\n",
        "[1000ms] Using Serial",
        "[1500ms] GC(0) Pause Young (Allocation Failure) 12M->3M(62M) 84.176ms",      // before the window
        "[10050ms] GC(1) Pause Young (Allocation Failure) 16M->6M(62M) 100.000ms",   // half inside
        "[12000ms] GC(2) Pause Full (Allocation Failure) 40M->20M(80M) 300.000ms",
        "[30000ms] GC(3) Pause Young (Allocation Failure) 90M->6M(120M) 1.0ms"));     // after
    GcLog.Use use = GcLog.read(GcLog.file(dir, 42), 10_000, 20_000);
    assertEquals(100.0 * 350 / 10_000, use.pausePercent(), 1e-9);
    assertEquals(300, use.longestPauseMs(), 1e-9);
    assertEquals(40, use.heapUsedMaxMb());
    assertEquals(80, use.heapCommittedMaxMb());
    GcLog.Use quiet = GcLog.read(GcLog.file(dir, 42), 13_000, 20_000);
    assertEquals(0, quiet.pausePercent(), 1e-9, "no pause in this window");
    assertEquals(80, quiet.heapCommittedMaxMb(), "the heap as the last pause before the window left it");
    assertEquals(-1, GcLog.read(GcLog.file(dir, 7), 0, 1).pausePercent(), "no log: not measured");
    assertEquals("-Xlog:gc:file=" + dir.toAbsolutePath().resolve("gc-%p.log") + ":timemillis", GcLog.option(dir));
  }
}
