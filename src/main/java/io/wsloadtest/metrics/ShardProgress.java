package io.wsloadtest.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The progress of several injector JVMs together, for a launcher: each shard's /metrics is scraped, turned
 * into a {@link ProgressLine.Snapshot}, and the snapshots are summed. Use with {@link ProgressReporter}:
 * {@code ProgressReporter.start(ShardProgress.total(targetsDir), interval, System.out, "all shards")}.
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
    return () -> {
      long now = System.currentTimeMillis();
      ProgressLine.Snapshot sum = new ProgressLine.Snapshot(now, 0, 0, 0, 0, 0, 0);
      for (String url : injectorUrls(targetsDir)) {
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

  /** /metrics URLs of the injectors registered in the folder (files injector-PID.json). */
  public static List<String> injectorUrls(Path targetsDir) {
    List<String> urls = new ArrayList<>();
    if (!Files.isDirectory(targetsDir)) {
      return urls;
    }
    ObjectMapper json = new ObjectMapper();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(targetsDir, "injector-*.json")) {
      for (Path f : files) {
        try {
          for (JsonNode group : json.readTree(f.toFile())) {
            for (JsonNode target : group.get("targets")) {
              urls.add("http://" + target.asText() + "/metrics");
            }
          }
        } catch (IOException e) {
          // removed or replaced while reading: the next round sees it again
        }
      }
    } catch (IOException e) {
      return urls;
    }
    return urls;
  }
}
