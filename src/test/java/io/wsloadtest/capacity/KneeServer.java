package io.wsloadtest.capacity;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wsloadtest.shards.ProcessLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * src/test/node/knee-server.js, a server on Node's `ws` library whose capacity is known: pongs at
 * once up to {@code knee} open connections, later and later above it, 503 above {@code cap}. A child process on
 * 127.0.0.1; .ci/run installs node and the library (npm ci).
 */
final class KneeServer implements AutoCloseable {

  static final Path DIR = Path.of("src", "test", "node");
  private static final Pattern LISTENING = Pattern.compile("listening (ws://127\\.0\\.0\\.1:\\d+/)");

  private final Process process;
  private final ProcessLines lines;
  final String url;

  KneeServer(int knee, int cap, String... options) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(node(), DIR.resolve("knee-server.js").toString(), "--knee", "" + knee,
        "--cap", "" + cap));
    cmd.addAll(List.of(options));
    process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    lines = new ProcessLines(process);
    Matcher m = LISTENING.matcher(lines.await("listening ws://", 30));
    if (!m.find()) {
      throw new IllegalStateException("knee-server.js: " + lines.text());
    }
    url = m.group(1);
  }

  String output() {
    return lines.text();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** Node with the ws library installed next to the script; skipped where missing, a failure in CI. */
  static String node() throws IOException, InterruptedException {
    boolean present;
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0
          && Files.isRegularFile(DIR.resolve("node_modules/ws/package.json"));
    } catch (IOException e) {
      present = false;
    }
    if (!present && "true".equals(System.getenv("CI"))) {
      fail("node or its ws library is missing but CI=true: .ci/run installs them (apt-get install nodejs npm;"
          + " npm ci --prefix " + DIR + ")");
    }
    assumeTrue(present, "node and the ws library are not installed (apt-get install nodejs npm; npm ci --prefix "
        + DIR + "); skipping");
    return "node";
  }
}
