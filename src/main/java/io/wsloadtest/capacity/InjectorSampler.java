package io.wsloadtest.capacity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CPU time of a launcher's injector JVMs (shards), sampled from /proc while a level runs: the launcher's
 * descendants whose command line is a shard's (the kit's WarmStart main with -Dwsload.shard.index=N).
 */
final class InjectorSampler {

  static final String SHARD_MAIN = "io.wsloadtest.shards.WarmStart";
  private static final String INDEX = "-Dwsload.shard.index=";
  /** Linux reports utime and stime in clock ticks, 100 a second. */
  private static final double TICKS_PER_SECOND = 100;

  private final ProcessHandle root;
  /**
   * pid to shard index, for descendants found to be shards. Others are looked at again on every sample: a process
   * seen between its fork and its exec still has its parent's command line, and would never count as a shard.
   */
  private final Map<Long, Integer> shardOfPid = new ConcurrentHashMap<>();
  /** shard index to samples of {wall-clock millis, CPU ticks, threads' ns on a CPU, threads' ns waiting for one}. */
  private final Map<Integer, List<long[]>> samples = new TreeMap<>();

  InjectorSampler(ProcessHandle root) {
    this.root = root;
  }

  void sample() {
    long now = System.currentTimeMillis();
    root.descendants().forEach(h -> {
      Integer known = shardOfPid.get(h.pid());
      int shard = known != null ? known : shardIndex(h.pid());
      if (shard >= 0) {
        shardOfPid.put(h.pid(), shard);
        long ticks = cpuTicks(h.pid());
        long[] sched = schedstat(h.pid());
        if (ticks >= 0) {
          synchronized (samples) {
            samples.computeIfAbsent(shard, k -> new ArrayList<>()).add(new long[] {now, ticks, sched[0], sched[1]});
          }
        }
      }
    });
  }

  /** Shard index to its process ids (a shard is one JVM). */
  Map<Integer, Long> shardPids() {
    Map<Integer, Long> out = new TreeMap<>();
    shardOfPid.forEach((pid, shard) -> out.put(shard, pid));
    return out;
  }

  /**
   * Percent of one core a shard used between two instants, from the samples around them; -1 with fewer than two
   * samples.
   */
  double cpuPercent(int shard, long fromMillis, long toMillis) {
    List<long[]> s;
    synchronized (samples) {
      s = List.copyOf(samples.getOrDefault(shard, List.of()));
    }
    return cpuPercent(s, fromMillis, toMillis);
  }

  static double cpuPercent(List<long[]> samples, long fromMillis, long toMillis) {
    long[][] ends = window(samples, fromMillis, toMillis);
    if (ends == null) {
      return -1;
    }
    long[] first = ends[0];
    long[] last = ends[1];
    return (last[1] - first[1]) / TICKS_PER_SECOND / ((last[0] - first[0]) / 1000.0) * 100;
  }

  /**
   * Percent of the time a shard's threads wanted a CPU and waited for one (their run-queue wait against their run
   * time plus that wait): an injector starved by other processes times its own waits, whatever its CPU use.
   */
  double cpuWaitPercent(int shard, long fromMillis, long toMillis) {
    List<long[]> s;
    synchronized (samples) {
      s = List.copyOf(samples.getOrDefault(shard, List.of()));
    }
    return cpuWaitPercent(s, fromMillis, toMillis);
  }

  static double cpuWaitPercent(List<long[]> samples, long fromMillis, long toMillis) {
    long[][] ends = window(samples, fromMillis, toMillis);
    if (ends == null || ends[0][2] < 0 || ends[1][2] < 0) {
      return -1;
    }
    long run = ends[1][2] - ends[0][2];
    long wait = ends[1][3] - ends[0][3];
    if (run < 0 || wait < 0) {
      return -1; // threads that ended took their time out of the sum: not measurable over this window
    }
    return run + wait == 0 ? 0 : 100.0 * wait / (run + wait);
  }

  /** The samples bracketing a window: the last at or before its start, the first at or after its end. */
  private static long[][] window(List<long[]> samples, long fromMillis, long toMillis) {
    if (samples.size() < 2) {
      return null;
    }
    long[] first = samples.get(0);
    long[] last = samples.get(samples.size() - 1);
    for (long[] x : samples) {
      if (x[0] <= fromMillis) {
        first = x; // the last sample at or before the window opens
      }
    }
    for (int i = samples.size() - 1; i >= 0; i--) {
      if (samples.get(i)[0] >= toMillis) {
        last = samples.get(i); // the first sample at or after it closes
      }
    }
    return last[0] <= first[0] ? null : new long[][] {first, last};
  }

  private static int shardIndex(long pid) {
    try {
      String[] args = new String(Files.readAllBytes(Path.of("/proc", "" + pid, "cmdline")), StandardCharsets.UTF_8)
          .split("\0");
      boolean shard = false;
      int index = -1;
      for (String a : args) {
        shard |= a.equals(SHARD_MAIN);
        if (a.startsWith(INDEX)) {
          index = Integer.parseInt(a.substring(INDEX.length()));
        }
      }
      return shard ? index : -1;
    } catch (IOException | RuntimeException e) {
      return -1; // gone already, or not Linux
    }
  }

  /**
   * Summed over a process's threads (/proc/PID/task/TID/schedstat): ns on a CPU and ns runnable but waiting for
   * one; {-1, -1} where the kernel does not keep them. Threads that ended meanwhile drop out of the sum, which
   * only ever makes the wait look smaller.
   */
  static long[] schedstat(long pid) {
    long run = 0;
    long wait = 0;
    try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", "" + pid, "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String[] f = Files.readAllLines(task.resolve("schedstat")).get(0).trim().split("\\s+");
          run += Long.parseLong(f[0]);
          wait += Long.parseLong(f[1]);
        } catch (IOException | RuntimeException e) {
          // the thread ended between the listing and the read
        }
      }
      return new long[] {run, wait};
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }

  /** utime + stime of a process in clock ticks, or -1. */
  static long cpuTicks(long pid) {
    try {
      String stat = Files.readAllLines(Path.of("/proc", "" + pid, "stat")).get(0);
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of /proc/PID/stat
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
