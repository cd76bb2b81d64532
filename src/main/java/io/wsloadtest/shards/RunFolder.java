package io.wsloadtest.shards;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The shard folders of one run, checked before they are merged: every shard recorded the same run id, each
 * index 0..count-1 is there exactly once. A folder copied twice, a stale shard of another run or a missing
 * shard would otherwise be summed without a word. With {@code allowPartial}, missing shards are accepted and
 * listed in {@link #missing()} (the report and the summary say so).
 */
record RunFolder(String runId, int count, int users, Map<Integer, Path> shards, List<Integer> missing) {

  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /**
   * @param expectedRunId the run id the shards must have recorded, or null to take the one they agree on
   */
  static RunFolder check(Path runDir, String expectedRunId, boolean allowPartial) throws Refused {
    List<String> problems = new ArrayList<>();
    Map<Path, ShardRecord> records = new TreeMap<>();
    for (Path dir : shardDirs(runDir)) {
      try {
        Optional<ShardRecord> r = ShardRecord.read(dir);
        if (r.isEmpty()) {
          problems.add(dir + ": no " + ShardRecord.FILE + ", so it cannot be told apart from a shard of another run"
              + " (shards record it when started by bin/launch or the Kubernetes job)");
        } else {
          records.put(dir, r.get());
        }
      } catch (IOException e) {
        problems.add(e.getMessage());
      }
    }
    if (records.isEmpty() && problems.isEmpty()) {
      throw new Refused("no shard-N folders in " + runDir + ": nothing to merge");
    }
    String runId = expectedRunId;
    if (runId == null) {
      TreeSet<String> ids = new TreeSet<>();
      records.values().forEach(r -> ids.add(r.runId()));
      runId = ids.size() == 1 ? ids.first() : null;
      if (ids.size() > 1) {
        records.forEach((dir, r) -> problems.add(dir + ": shard " + r.index() + " of run " + r.runId()));
        problems.add("these folders hold shards of " + ids.size() + " different runs; merge one run at a time"
            + " (or give its id with --run-id)");
      }
    }
    Map<Integer, Path> byIndex = new TreeMap<>();
    int count = records.values().stream().mapToInt(ShardRecord::count).max().orElse(0);
    int users = records.values().stream().mapToInt(ShardRecord::users).max().orElse(-1);
    for (Map.Entry<Path, ShardRecord> e : records.entrySet()) {
      Path dir = e.getKey();
      ShardRecord r = e.getValue();
      if (runId != null && !r.runId().equals(runId)) {
        problems.add(dir + ": a shard of another run (" + r.runId() + ", expected " + runId + ")");
        continue;
      }
      if (!dir.getFileName().toString().equals("shard-" + r.index())) {
        problems.add(dir + ": records shard index " + r.index() + " but is not named shard-" + r.index()
            + " (a copied or renamed folder?)");
      }
      if (r.count() != count || r.users() != users) {
        problems.add(dir + ": records a run of " + r.count() + " shards and " + r.users() + " users, others "
            + count + " and " + users);
      }
      Path twin = byIndex.putIfAbsent(r.index(), dir);
      if (twin != null) {
        problems.add(dir + ": shard index " + r.index() + " twice, also in " + twin);
      }
    }
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (!byIndex.containsKey(i)) {
        missing.add(i);
      }
    }
    if (!missing.isEmpty() && !allowPartial) {
      problems.add(runDir + ": shard(s) " + missing + " of " + count + " missing; to merge the others as a partial run"
          + " on purpose, add --partial");
    }
    if (!problems.isEmpty()) {
      throw new Refused("Refused to merge " + runDir + ", nothing was merged:\n  - " + String.join("\n  - ", problems));
    }
    return new RunFolder(runId, count, users, byIndex, missing);
  }

  /** Folders named shard-*, and any other folder holding a shard record (a copy under another name). */
  private static List<Path> shardDirs(Path runDir) throws Refused {
    try (Stream<Path> dirs = Files.list(runDir)) {
      return dirs.filter(Files::isDirectory)
          .filter(d -> d.getFileName().toString().startsWith("shard-") || Files.exists(d.resolve(ShardRecord.FILE)))
          .sorted().toList();
    } catch (IOException e) {
      throw new Refused("cannot read " + runDir + ": " + e.getMessage());
    }
  }
}
