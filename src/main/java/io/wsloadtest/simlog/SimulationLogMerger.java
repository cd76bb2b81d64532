package io.wsloadtest.simlog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Merges the binary simulation.log files written by several Gatling 3.15.1 JVMs ("shards") of the same
 * simulation into one simulation.log that Gatling's reports-only mode ({@code -ro}) renders as a single run:
 * a k-way merge on each record's time, through {@link LogReader} and {@link LogWriter}.
 *
 * <p>Files are streamed record by record; memory use is bounded by the number of distinct strings (request
 * names, groups, error messages), not by file size.
 */
public final class SimulationLogMerger {

  private SimulationLogMerger() {}

  // ---------------------------------------------------------------------------------------------
  // Public API
  // ---------------------------------------------------------------------------------------------

  /**
   * Merges {@code shardLogs} into {@code outLog}. All shards must be Gatling 3.15.1 logs of the same
   * simulation class. The merged run starts at the earliest shard start; every record keeps its
   * absolute time. The output is written to a temporary file and moved into place at the end, so a
   * failed merge never leaves a half-written {@code outLog}.
   */
  public static void merge(List<Path> shardLogs, Path outLog) throws SimulationLogException {
    merge(shardLogs, outLog, false);
  }

  /**
   * Like {@link #merge(List, Path)}; with {@code keepTruncated}, a log cut in the middle of a record (its
   * JVM was killed) contributes every complete record before the cut instead of failing the merge.
   *
   * @return the logs that were cut, each with the number of complete records kept
   */
  public static Map<Path, Long> merge(List<Path> shardLogs, Path outLog, boolean keepTruncated)
      throws SimulationLogException {
    return merge(shardLogs, outLog, keepTruncated, null);
  }

  /** Like {@link #merge(List, Path, boolean)}; a non-null {@code description} becomes the run description the report shows. */
  public static Map<Path, Long> merge(List<Path> shardLogs, Path outLog, boolean keepTruncated, String description)
      throws SimulationLogException {
    Objects.requireNonNull(outLog, "outLog");
    if (shardLogs == null || shardLogs.isEmpty()) {
      throw new IllegalArgumentException("no shard logs to merge");
    }
    checkDistinct(shardLogs, outLog);

    List<LogReader> readers = new ArrayList<>();
    try {
      // Open and validate every header before writing anything.
      for (Path shard : shardLogs) {
        LogReader reader = LogReader.open(shard);
        reader.keepTruncated = keepTruncated;
        readers.add(reader);
      }
      LogHeader merged = mergeHeaders(readers);
      if (description != null) {
        merged.description = LogString.of(description);
      }

      // Write next to the target, then move: readers never see a half-written simulation.log.
      Path tmp = outLog.resolveSibling(outLog.getFileName() + ".merging");
      try {
        Files.createDirectories(outLog.toAbsolutePath().getParent());
      } catch (IOException e) {
        throw new SimulationLogException(outLog, "cannot create output directory: " + e, e);
      }

      try {
        try (LogWriter writer = LogWriter.open(tmp, merged)) {
          writeRecordsInTimeOrder(readers, writer);
        }
        Files.move(tmp, outLog, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new SimulationLogException(outLog, "cannot write merged log: " + e, e);
      } finally {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort cleanup
        }
      }
    } finally {
      for (LogReader reader : readers) {
        reader.closeQuietly();
      }
    }
    Map<Path, Long> cut = new LinkedHashMap<>();
    for (LogReader reader : readers) {
      if (reader.truncatedAfterRecords >= 0) {
        cut.put(reader.file, reader.truncatedAfterRecords);
      }
    }
    return cut;
  }

  private static void checkDistinct(List<Path> shardLogs, Path outLog) {
    Set<Path> seen = new HashSet<>();
    Path out = outLog.toAbsolutePath().normalize();
    for (Path shard : shardLogs) {
      Path p = shard.toAbsolutePath().normalize();
      if (!seen.add(p)) {
        // Merging a file twice would silently double its counts.
        throw new IllegalArgumentException("shard log listed twice: " + shard);
      }
      if (p.equals(out)) {
        throw new IllegalArgumentException("output file is also an input: " + outLog);
      }
    }
  }

  /**
   * Builds the merged run header. Start = earliest shard start, description = first shard's,
   * scenarios = union (shards normally list identical scenarios, but indices are remapped anyway),
   * assertions = union without duplicates (identical across shards of the same simulation).
   */
  private static LogHeader mergeHeaders(List<LogReader> readers) throws SimulationLogException {
    LogHeader first = readers.get(0).header;
    LogHeader merged = new LogHeader();
    merged.gatlingVersionRaw = first.gatlingVersionRaw;
    merged.gatlingVersion = first.gatlingVersion;
    merged.simulationClassRaw = first.simulationClassRaw;
    merged.simulationClass = first.simulationClass;
    merged.description = first.description;
    merged.start = Long.MAX_VALUE;

    Map<LogString, Integer> scenarioIndex = new LinkedHashMap<>();
    Set<ByteArrayKey> assertionsSeen = new HashSet<>();
    for (LogReader reader : readers) {
      LogHeader h = reader.header;
      if (!h.simulationClass.equals(first.simulationClass)) {
        throw new SimulationLogException(reader.file, "is a log of simulation '" + h.simulationClass
            + "' but " + readers.get(0).file + " is a log of '" + first.simulationClass
            + "'; only shards of the same simulation class can be merged");
      }
      merged.start = Math.min(merged.start, h.start);
      reader.scenarioRemap = new int[h.scenarios.size()];
      for (int i = 0; i < h.scenarios.size(); i++) {
        LogString name = h.scenarios.get(i);
        Integer index = scenarioIndex.get(name);
        if (index == null) {
          index = scenarioIndex.size();
          scenarioIndex.put(name, index);
          merged.scenarios.add(name);
        }
        reader.scenarioRemap[i] = index;
      }
      for (byte[] assertion : h.assertions) {
        if (assertionsSeen.add(new ByteArrayKey(assertion))) {
          merged.assertions.add(assertion);
        }
      }
    }
    return merged;
  }

  /**
   * K-way merge on each record's absolute time. Within one shard the original order is kept; across
   * shards the earlier record goes first. Time order matters: Gatling's concurrent-users chart
   * assumes user records move forward in time, so plain concatenation would corrupt it.
   */
  private static void writeRecordsInTimeOrder(List<LogReader> readers, LogWriter writer)
      throws SimulationLogException, IOException {
    PriorityQueue<LogReader> queue = new PriorityQueue<>(
        Comparator.<LogReader>comparingLong(r -> r.head.sortTime).thenComparingInt(r -> r.order));
    for (int i = 0; i < readers.size(); i++) {
      LogReader reader = readers.get(i);
      reader.order = i;
      reader.head = reader.next();
      if (reader.head != null) {
        queue.add(reader);
      }
    }
    while (!queue.isEmpty()) {
      LogReader reader = queue.poll();
      writer.write(reader.head, reader.scenarioRemap);
      reader.head = reader.next();
      if (reader.head != null) {
        queue.add(reader);
      }
    }
  }

  private static final class ByteArrayKey {
    final byte[] bytes;

    ByteArrayKey(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ByteArrayKey && Arrays.equals(((ByteArrayKey) o).bytes, bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }
}
