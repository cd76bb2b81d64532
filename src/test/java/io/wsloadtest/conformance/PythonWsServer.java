package io.wsloadtest.conformance;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * src/test/resources/conformance/ws_server.py, a server written with Python's websockets library, as a child
 * process on 127.0.0.1. Its lines after "listening" are kept: it reports its pings, pongs and drops there.
 */
final class PythonWsServer implements AutoCloseable {

  static final Path SCRIPT = Path.of("src", "test", "resources", "conformance", "ws_server.py");
  private static final Pattern LISTENING = Pattern.compile("listening (ws://127\\.0\\.0\\.1:\\d+/)");
  private static final Pattern TOTALS = Pattern.compile("accepted (\\d+) subscribes (\\d+) open (\\d+) maxopen (\\d+)"
      + " closed (\\d+) pings (\\d+) pongs (\\d+) dropped (\\d+)");

  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final String url;

  /**
   * What the server counted: connections accepted, subscribe messages, connections open now and at most at once,
   * connections closed, pings it sent, pongs that answered them, connections its keepalive dropped.
   */
  record Totals(long accepted, long subscribes, long open, long maxOpen, long closed, long pings, long pongs,
      long dropped) {}

  PythonWsServer(String... options) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(python(), SCRIPT.toString()));
    cmd.addAll(List.of(options));
    process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> listening = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        for (String line; (line = out.readLine()) != null; ) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            listening.complete(m.group(1));
          }
          synchronized (lines) {
            lines.add(line);
            lines.notifyAll();
          }
        }
      } catch (IOException e) {
        // the process ended
      }
      listening.completeExceptionally(new IllegalStateException("ws_server.py ended: " + output()));
    }, "ws_server.py output");
    reader.setDaemon(true);
    reader.start();
    url = listening.get(30, TimeUnit.SECONDS);
  }

  String url() {
    return url;
  }

  /** Waits until the server has seen {@code closed} connections close, and returns its totals then. */
  Totals awaitClosed(long closed, long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    synchronized (lines) {
      while (true) {
        Totals t = lastTotals();
        if (t != null && t.closed() >= closed) {
          return t;
        }
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          throw new AssertionError("the server saw " + (t == null ? 0 : t.closed()) + " of " + closed
              + " connections close:\n" + String.join("\n", lines));
        }
        lines.wait(left);
      }
    }
  }

  /** Waits until the server's totals show {@code what}, and returns them then. */
  Totals await(java.util.function.Predicate<Totals> what, String description, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    synchronized (lines) {
      while (true) {
        Totals t = lastTotals();
        if (t != null && what.test(t)) {
          return t;
        }
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          throw new AssertionError("the server's totals never showed " + description + ":\n" + String.join("\n", lines));
        }
        lines.wait(left);
      }
    }
  }

  /** Once every connection it accepted has closed. */
  Totals awaitIdle(long timeoutMillis) throws InterruptedException {
    return await(t -> t.open() == 0 && t.closed() == t.accepted(), "every connection closed", timeoutMillis);
  }

  private Totals lastTotals() {
    for (int i = lines.size() - 1; i >= 0; i--) {
      Matcher m = TOTALS.matcher(lines.get(i));
      if (m.matches()) {
        long[] n = new long[8];
        for (int g = 0; g < n.length; g++) {
          n[g] = Long.parseLong(m.group(g + 1));
        }
        return new Totals(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]);
      }
    }
    return null;
  }

  String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /**
   * Debian's python3, where Debian's python3-websockets is installed (.ci/run installs it). Skipped where it
   * is missing; in CI (.ci/run installs it) its absence is a failure.
   */
  static String python() throws IOException, InterruptedException {
    String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    boolean present;
    try {
      Process p = new ProcessBuilder(python, "-c", "import websockets").redirectErrorStream(true).start();
      present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      present = false;
    }
    if (!present && "true".equals(System.getenv("CI"))) {
      fail("python3 with websockets is missing but CI=true: .ci/run installs it (apt-get install python3-websockets)");
    }
    assumeTrue(present, "python3-websockets is not installed (apt-get install python3-websockets); skipping");
    return python;
  }
}
