package io.wsloadtest.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The progress of several injector JVMs together, for a launcher: each shard's /metrics is scraped, turned
 * into a {@link ProgressLine.Snapshot}, and the snapshots are summed, so the launcher's line means exactly what
 * each shard's own line means. Use with {@link ProgressReporter}:
 * {@code ProgressReporter.start(ShardProgress.total(targetsDir, pids), interval, System.out, "all shards")}.
 */
public final class ShardProgress {

  private ShardProgress() {}

  /** One injector's counters, read from its exposition. */
  public static ProgressLine.Snapshot snapshot(MetricsText m, long atMillis) {
    String attempts = InjectorMetrics.ATTEMPTS;
    long ko = (long) (m.sum(attempts, "status", "ko")
        + m.sum(InjectorMetrics.HEARTBEATS, "status", "missed")
        + m.sum(InjectorMetrics.ECHOES, "status", "ko")
        + m.sum(InjectorMetrics.CLOSES, "status", "ko"));
    return new ProgressLine.Snapshot(atMillis,
        (long) m.sum(InjectorMetrics.PLANNED),
        (long) m.sum(InjectorMetrics.OPEN),
        (long) m.sum(attempts, "kind", "connect"),
        (long) m.sum(attempts, "status", "ok"),
        ko,
        (long) m.sum(InjectorMetrics.HEARTBEATS, "status", "missed"));
  }

  /**
   * The sum over every injector registered in {@code targetsDir} (wsload.metrics.targets-dir). A shard
   * that is not up yet, or already gone, counts as nothing.
   */
  public static Supplier<ProgressLine.Snapshot> total(Path targetsDir) {
    return total(targetsDir, Set.of());
  }

  /** Like {@link #total(Path)}, but only the injectors with these process ids (a launcher's own shards). */
  public static Supplier<ProgressLine.Snapshot> total(Path targetsDir, Set<Long> pids) {
    return () -> {
      long now = System.currentTimeMillis();
      ProgressLine.Snapshot sum = new ProgressLine.Snapshot(now, 0, 0, 0, 0, 0, 0);
      for (String url : injectorUrls(targetsDir, pids)) {
        try {
          sum = sum.plus(snapshot(MetricsText.scrape(url), now));
        } catch (IOException e) {
          // shard between start and registration, or just finished: skip it this time
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return sum;
    };
  }

  /** /metrics URLs of the injectors registered in the folder. */
  public static List<String> injectorUrls(Path targetsDir) {
    return injectorUrls(targetsDir, Set.of());
  }

  /** The same, only of this host's injectors whose process id is in {@code pids} (empty = all). */
  static List<String> injectorUrls(Path targetsDir, Set<Long> pids) {
    return ScrapeTarget.read(targetsDir).stream()
        .filter(t -> t.role().equals("injector"))
        .filter(t -> pids.isEmpty() || t.hostname().equals(ScrapeTarget.thisHost()) && pids.contains(t.pid()))
        .map(ScrapeTarget.Registered::url)
        .toList();
  }
}
