package io.wsloadtest.capacity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's unified GC log, as written with {@code -Xlog:gc:file=gc-%p.log:timemillis}: each pause's end time, heap
 * used before and after, heap committed, and its length. Read for a window: time in pauses, the heap's peaks.
 */
final class GcLog {

  /** The option a level's injectors get (through bin/launch --jvm-opt); %p is the JVM's pid. */
  static String option(Path dir) {
    return "-Xlog:gc:file=" + dir.toAbsolutePath().resolve("gc-%p.log") + ":timemillis";
  }

  static Path file(Path dir, long pid) {
    return dir.resolve("gc-" + pid + ".log");
  }

  private static final Pattern PAUSE = Pattern.compile(
      "^\\[(\\d+)ms\\] GC\\(\\d+\\) Pause .*? (\\d+)M->(\\d+)M\\((\\d+)M\\) ([\\d.]+)ms");

  /**
   * Time in pauses (percent of the window), the longest pause, the largest heap used before one, and the largest
   * heap committed in the window (as the last pause before it left it, when none fell inside).
   */
  record Use(double pausePercent, double longestPauseMs, long heapUsedMaxMb, long heapCommittedMaxMb) {}

  static Use read(Path file, long fromMillis, long toMillis) throws IOException {
    if (!Files.exists(file)) {
      return new Use(-1, -1, -1, -1);
    }
    double pausedMs = 0;
    double longest = 0;
    long used = 0;
    long committed = 0;
    for (String line : Files.readAllLines(file)) {
      Matcher m = PAUSE.matcher(line);
      if (!m.find()) {
        continue;
      }
      long end = Long.parseLong(m.group(1));
      double ms = Double.parseDouble(m.group(5));
      if (end < fromMillis) {
        // The heap stays as the last collection before the window left it, until the next one: a window without
        // a collection (little garbage, a short level) still has its committed heap.
        committed = Long.parseLong(m.group(4));
        continue;
      }
      if (end - ms > toMillis) {
        continue;
      }
      // Only the part of a pause inside the window counts.
      pausedMs += Math.max(0, Math.min(end, toMillis) - Math.max(end - ms, fromMillis));
      longest = Math.max(longest, ms);
      used = Math.max(used, Long.parseLong(m.group(2)));
      committed = Math.max(committed, Long.parseLong(m.group(4)));
    }
    return new Use(100.0 * pausedMs / Math.max(1, toMillis - fromMillis), longest, used, committed);
  }
}
