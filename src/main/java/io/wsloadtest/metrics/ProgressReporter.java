package io.wsloadtest.metrics;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Prints a {@link ProgressLine} every interval from a daemon thread until stopped. */
public final class ProgressReporter implements AutoCloseable {

  private final Supplier<ProgressLine.Snapshot> source;
  private final PrintStream out;
  private final String prefix;
  private final ScheduledExecutorService timer;
  private ProgressLine.Snapshot previous;

  private ProgressReporter(Supplier<ProgressLine.Snapshot> source, PrintStream out, String prefix) {
    this.source = source;
    this.out = out;
    this.prefix = prefix;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "wsload-progress");
      t.setDaemon(true);
      return t;
    });
  }

  /** {@code prefix} starts each line, e.g. "progress" or "progress (4 shards)". */
  public static ProgressReporter start(Supplier<ProgressLine.Snapshot> source, Duration interval, PrintStream out,
      String prefix) {
    ProgressReporter r = new ProgressReporter(source, out, prefix);
    r.previous = source.get();
    long ms = interval.toMillis();
    // With a fixed delay, a slow round of scrapes delays the next line; at a fixed rate the missed lines came
    // afterwards all at once (66 identical lines at the end of a 250k run).
    r.timer.scheduleWithFixedDelay(r::print, ms, ms, TimeUnit.MILLISECONDS);
    return r;
  }

  private synchronized void print() {
    ProgressLine.Snapshot now;
    try {
      now = source.get();
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again: one bad answer must not end the progress lines.
      out.println(prefix + ": (no figures this time: " + e + ")");
      return;
    }
    out.println(prefix + ": " + ProgressLine.render(now, previous));
    out.flush();
    previous = now;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
