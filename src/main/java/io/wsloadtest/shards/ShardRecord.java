package io.wsloadtest.shards;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What a shard records about itself in its results folder ({@code shard-INDEX/shard.json}): the run it belongs
 * to, its index and count, and whether it got ready to inject. The start barrier waits on these records and
 * the merge checks them, so a stale shard of another run or a copied folder cannot be counted. {@code users}
 * is the whole run's planned users, which the merge checks the connect attempts against.
 */
public record ShardRecord(String runId, int index, int count, int users, String state, long readyAtMillis,
    String reason) {

  public static final String FILE = "shard.json";
  static final String READY = "ready";
  static final String FAILED = "failed";

  private static final ObjectMapper JSON = new ObjectMapper();

  static ShardRecord ready(String runId, int index, int count, int users, long atMillis) {
    return new ShardRecord(runId, index, count, users, READY, atMillis, "");
  }

  static ShardRecord failed(String runId, int index, int count, int users, String reason) {
    return new ShardRecord(runId, index, count, users, FAILED, 0, reason);
  }

  boolean isReady() {
    return READY.equals(state);
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
