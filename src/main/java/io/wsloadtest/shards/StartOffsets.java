package io.wsloadtest.shards;

import java.util.Map;
import java.util.stream.Collectors;

/** One line on how far from the planned instant each shard started, for the merged run's description. */
final class StartOffsets {

  private StartOffsets() {}

  /** "" when no shard recorded its start (shards of an older kit, or none started). */
  static String describe(Map<Integer, ShardRecord> records) {
    if (records.values().stream().noneMatch(ShardRecord::started)) {
      return "";
    }
    String offsets = records.entrySet().stream()
        .map(e -> "shard " + e.getKey() + " " + (e.getValue().started()
            ? String.format("%+d ms", e.getValue().startOffsetMillis()) : e.getValue().state()))
        .collect(Collectors.joining(", "));
    return String.format("start vs planned instant: %s (shared-folder clock; limit %d ms late)%n", offsets,
        StartBarrier.MAX_LATE_START.toMillis());
  }
}
