package io.wsloadtest.shards;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What a shard records about itself in its results folder ({@code shard-INDEX/shard.json}): the run it belongs
 * to, its index and count, whether it got ready to inject (or why not), and once it started, how far from the
 * planned instant. The start barrier waits on these records and the merge checks them, so a stale shard of
 * another run or a copied folder cannot be counted. {@code users} is the whole run's planned users, which the
 * merge checks the connect attempts against. Times are on the shared folder's clock ({@link SharedClock}).
 *
 * @param readyAtMillis      when it was ready
 * @param clockOffsetMillis  the shared folder's clock minus the shard's own
 * @param plannedStartMillis the instant all shards were to start injecting at (state started)
 * @param startOffsetMillis  when it did start, against that instant (positive: late)
 */
public record ShardRecord(String runId, int index, int count, int users, String state, long readyAtMillis,
    String reason, long clockOffsetMillis, long plannedStartMillis, long startOffsetMillis) {

  public static final String FILE = "shard.json";
  static final String READY = "ready";
  static final String STARTED = "started";
  static final String FAILED = "failed";

  // Records of an older kit lack the start fields: read them as not started.
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static ShardRecord ready(String runId, int index, int count, int users, long atMillis, long clockOffsetMillis) {
    return new ShardRecord(runId, index, count, users, READY, atMillis, "", clockOffsetMillis, 0, 0);
  }

  static ShardRecord failed(String runId, int index, int count, int users, String reason) {
    return new ShardRecord(runId, index, count, users, FAILED, 0, reason, 0, 0, 0);
  }

  /** This record once the shard started injecting: the planned instant and how far from it it started. */
  ShardRecord started(long plannedStartMillis, long startOffsetMillis) {
    return new ShardRecord(runId, index, count, users, STARTED, readyAtMillis, "", clockOffsetMillis,
        plannedStartMillis, startOffsetMillis);
  }

  /** Ready to inject, or already injecting. */
  boolean isReady() {
    return READY.equals(state) || STARTED.equals(state);
  }

  boolean started() {
    return STARTED.equals(state);
  }

  boolean isFailed() {
    return FAILED.equals(state);
  }

  /** The folder of shard {@code index} in a run folder: where its Gatling results and its record go. */
  public static Path shardDir(Path runDir, int index) {
    return runDir.resolve("shard-" + index);
  }

  /** Written whole or not at all: a reader never sees half a record. */
  void write(Path shardDir) throws IOException {
    Files.createDirectories(shardDir);
    Path tmp = shardDir.resolve(FILE + ".tmp");
    JSON.writeValue(tmp.toFile(), this);
    Files.move(tmp, shardDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The record in {@code shardDir}, empty when there is none (yet). */
  static Optional<ShardRecord> read(Path shardDir) throws IOException {
    Path file = shardDir.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), ShardRecord.class));
    } catch (IOException e) {
      throw new IOException(file + " is not a shard record: " + e.getMessage(), e);
    }
  }
}
