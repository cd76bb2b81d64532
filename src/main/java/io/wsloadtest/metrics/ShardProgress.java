package io.wsloadtest.metrics;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
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
   * The sum over every injector registered in {@code targetsDir} (wsload.metrics.targets-dir). A shard that is
   * not up yet counts as nothing; one that is slow to answer counts with its last figures, and one that is gone
   * with its last counters and no connection open (see {@link Totals}).
   */
  public static Supplier<ProgressLine.Snapshot> total(Path targetsDir) {
    return total(targetsDir, Set.of());
  }

  /** Like {@link #total(Path)}, but only the injectors with these process ids (a launcher's own shards). */
  public static Supplier<ProgressLine.Snapshot> total(Path targetsDir, Set<Long> pids) {
    Totals totals = new Totals();
    return () -> {
      Map<String, CompletableFuture<MetricsText>> asked = new LinkedHashMap<>();
      Set<String> running = new HashSet<>();
      long now = System.currentTimeMillis();
      for (ScrapeTarget.Registered r : injectors(targetsDir, pids)) {
        if (!r.gone()) {
          running.add(r.url());
        }
        asked.put(r.url(), MetricsText.scrapeAsync(r.url()));
      }
      Map<String, Optional<ProgressLine.Snapshot>> scraped = new LinkedHashMap<>();
      asked.forEach((url, answer) -> {
        try {
          scraped.put(url, Optional.of(snapshot(answer.join(), now)));
        } catch (CompletionException | CancellationException e) {
          scraped.put(url, Optional.empty()); // busy, or between its last record and its exit
        }
      });
      return totals.update(now, scraped, running::contains);
    };
  }

  /**
   * Totals over shards that come and go during a run, so that no figure goes backwards because a shard was slow
   * to answer one scrape (at 250k on 2 cores some are) or has ended: each shard counts with its last snapshot,
   * and one no longer running with its counters but nothing open.
   */
  static final class Totals {

    private final Map<String, ProgressLine.Snapshot> last = new LinkedHashMap<>();

    /**
     * @param scraped this time's snapshot of each registered shard, empty where the scrape failed
     * @param running whether a shard's process still runs (a registration can outlive it for a moment)
     */
    ProgressLine.Snapshot update(long now, Map<String, Optional<ProgressLine.Snapshot>> scraped,
        Predicate<String> running) {
      scraped.forEach((shard, s) -> s.ifPresent(snapshot -> last.put(shard, snapshot)));
      ProgressLine.Snapshot sum = new ProgressLine.Snapshot(now, 0, 0, 0, 0, 0, 0);
      for (Map.Entry<String, ProgressLine.Snapshot> e : last.entrySet()) {
        boolean open = scraped.containsKey(e.getKey()) && running.test(e.getKey());
        sum = sum.plus(open ? e.getValue() : e.getValue().withNothingOpen());
      }
      return sum; // timed now: every snapshot kept is older
    }
  }

  /** The registrations of this host's injectors whose process id is in {@code pids} (empty = all injectors). */
  static List<ScrapeTarget.Registered> injectors(Path targetsDir, Set<Long> pids) {
    return ScrapeTarget.read(targetsDir).stream()
        .filter(t -> t.role().equals("injector"))
        .filter(t -> pids.isEmpty() || t.hostname().equals(ScrapeTarget.thisHost()) && pids.contains(t.pid()))
        .toList();
  }

  /** /metrics URLs of the injectors registered in the folder. */
  public static List<String> injectorUrls(Path targetsDir) {
    return injectorUrls(targetsDir, Set.of());
  }

  /** The same, only of this host's injectors whose process id is in {@code pids} (empty = all). */
  static List<String> injectorUrls(Path targetsDir, Set<Long> pids) {
    return injectors(targetsDir, pids).stream().map(ScrapeTarget.Registered::url).toList();
  }
}
