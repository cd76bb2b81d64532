package io.wsloadtest.shards;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Collects a child process's output line by line as it comes, so a test can wait for a line. */
public final class ProcessLines {

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  public ProcessLines(Process process) {
    this.process = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          lines.add(l);
        }
      } catch (IOException e) {
        lines.add("(output lost: " + e + ")");
      }
    });
    reader.setDaemon(true);
    reader.start();
  }

  /** The first line containing {@code fragment}, waiting up to {@code seconds} or until the process ends. */
  public String await(String fragment, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      for (String l : lines) {
        if (l.contains(fragment)) {
          return l;
        }
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no line with '" + fragment + "' within " + seconds + " s in:\n" + text());
  }

  public String text() {
    return String.join("\n", lines);
  }
}
