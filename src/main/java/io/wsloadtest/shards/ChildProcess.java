package io.wsloadtest.shards;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the launcher started: its output goes to a file, it has a wall-clock limit after which it is killed
 * by PID, and its memory and CPU are sampled from /proc while it runs.
 */
final class ChildProcess {

  final String name;
  final Path output;
  private final Process process;
  private final long deadlineNanos;
  private boolean killedForOverrun;
  private long peakRssKb;
  private long baseRssKb;
  private double cpuSeconds;

  private ChildProcess(String name, Path output, Process process, Duration limit) {
    this.name = name;
    this.output = output;
    this.process = process;
    this.deadlineNanos = System.nanoTime() + limit.toNanos();
  }

  /**
   * Starts {@code command} with its open-files soft limit raised to the hard limit (a JVM cannot do that
   * for itself), output to {@code output}.
   */
  static ChildProcess start(String name, List<String> command, Path output, Duration limit) throws IOException {
    List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", "ulimit -n \"$(ulimit -Hn)\" && exec \"$@\"", name));
    wrapped.addAll(command);
    Files.createDirectories(output.getParent());
    Process p = new ProcessBuilder(wrapped).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    return new ChildProcess(name, output, p, limit);
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Kills the process if it ran past its wall-clock limit; samples RSS and CPU otherwise. */
  void watch() {
    if (!process.isAlive()) {
      return;
    }
    if (System.nanoTime() > deadlineNanos) {
      killedForOverrun = true;
      process.destroyForcibly();
      return;
    }
    sample();
  }

  private void sample() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", "" + process.pid(), "status"))) {
        if (line.startsWith("VmHWM:")) {
          peakRssKb = Math.max(peakRssKb, Long.parseLong(line.replaceAll("\\D+", "")));
        }
        // The JVM's own footprint: its size when it is ready but holds no connection yet.
        if (line.startsWith("VmRSS:") && baseRssKb == 0 && ready()) {
          baseRssKb = Long.parseLong(line.replaceAll("\\D+", ""));
        }
      }
      // Not Files.readString: /proc files report size 0 and come back truncated through it.
      String[] stat = Files.readAllLines(Path.of("/proc", "" + process.pid(), "stat")).get(0).split("\\) ")[1].split(" ");
      // utime and stime are fields 14 and 15 of /proc/PID/stat, in clock ticks (100 per second on Linux).
      cpuSeconds = (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      // the process just ended, or this is not Linux: keep the last sample
    }
  }

  /** Stops the process politely (SIGTERM), then by force after {@code grace}. */
  void stop(Duration grace) throws InterruptedException {
    sample();
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** SIGTERM without waiting, e.g. from a shutdown hook. */
  void kill() {
    if (process.isAlive()) {
      process.destroy();
    }
  }

  int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  boolean killedForOverrun() {
    return killedForOverrun;
  }

  /** Gatling prints "Simulation ... started", the echo server "listening on": nothing is connected yet. */
  private boolean ready() {
    String head = tail(65_536);
    return head.contains("started...") || head.contains("listening on");
  }

  long baseRssMb() {
    return baseRssKb / 1024;
  }

  long peakRssMb() {
    return peakRssKb / 1024;
  }

  double cpuSeconds() {
    return cpuSeconds;
  }

  /** The last {@code bytes} of the output, e.g. to read Gatling's latest console summary. */
  String tail(int bytes) {
    try (RandomAccessFile f = new RandomAccessFile(output.toFile(), "r")) {
      long from = Math.max(0, f.length() - bytes);
      byte[] buf = new byte[(int) (f.length() - from)];
      f.seek(from);
      f.readFully(buf);
      return new String(buf, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
