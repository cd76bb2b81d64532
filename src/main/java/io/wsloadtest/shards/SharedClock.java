package io.wsloadtest.shards;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * The clock of the folder the shards of a run share, read through the modification time the file system gives a
 * file just written: one host's clock for a local folder, the file server's for NFS or EFS. Shards on
 * different machines each measure how far their own clock is from it, so the start instant they agree on is
 * one instant, whatever their clocks say. Precision: half the time one small write takes, plus the file
 * system's timestamp granularity (a few ms locally).
 */
final class SharedClock {

  private static final String PROBE = ".clock-probe";
  private static final int SAMPLES = 5;

  private final LongSupplier localClock;
  private final long offsetMillis;

  private SharedClock(LongSupplier localClock, long offsetMillis) {
    this.localClock = localClock;
    this.offsetMillis = offsetMillis;
  }

  /** Measures {@code localClock} against the clock of {@code dir}'s file system (several writes, the tightest kept). */
  static SharedClock measure(Path dir, LongSupplier localClock) throws IOException {
    Files.createDirectories(dir);
    Path probe = dir.resolve(PROBE);
    long best = Long.MAX_VALUE;
    long offset = 0;
    boolean wholeSeconds = true;
    try {
      for (int i = 0; i < SAMPLES; i++) {
        long before = localClock.getAsLong();
        Files.writeString(probe, "" + i);
        long after = localClock.getAsLong();
        long modified = Files.getLastModifiedTime(probe).toMillis();
        wholeSeconds &= modified % 1000 == 0;
        if (after - before < best) {
          best = after - before;
          offset = modified - (before + after) / 2;
        }
      }
    } finally {
      Files.deleteIfExists(probe);
    }
    // File times in whole seconds (ext3, some file servers) cannot measure a clock to the millisecond: this
    // host's clock is taken as the folder's, as it is on one host.
    return new SharedClock(localClock, wholeSeconds ? 0 : offset);
  }

  /** The shared folder's time now. */
  long now() {
    return localClock.getAsLong() + offsetMillis;
  }

  /** The shared folder's clock minus this host's: positive when this host's clock is behind. */
  long offsetMillis() {
    return offsetMillis;
  }
}
