package io.wsloadtest.protocols;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference server as a child process on a free loopback port that prints "listening http://127.0.0.1:PORT" and
 * serves its own counts, as JSON, at GET /counts: the Node.js servers in src/test/node (Socket.IO, graphql-ws,
 * aedes), or Spring's broker in a JVM of its own.
 */
final class ChildServer implements ReferenceServer {

  static final Path NODE_DIR = Path.of("src", "test", "node");
  private static final Pattern LISTENING = Pattern.compile("listening (http://127\\.0\\.0\\.1:\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade: the servers take every Upgrade for a WebSocket
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final String base;

  /** Starts {@code script} of src/test/node (e.g. "socketio-server.mjs") with its options ("--ping-interval", "1500"). */
  static ChildServer node(String script, String... options) throws Exception {
    requireNode();
    List<String> cmd = new ArrayList<>(List.of("node", script));
    cmd.addAll(List.of(options));
    return new ChildServer(new ProcessBuilder(cmd).directory(NODE_DIR.toFile()), script);
  }

  /**
   * Spring's simple broker (SpringStompBroker) in a JVM of its own, from the test class path. Its heap may grow to
   * 4 GB: a session takes about 250 KB there (Tomcat's buffers and Spring's session), and 10,000 of them are the
   * bench's question.
   */
  static ChildServer springStomp(String heartbeat, String passcode, long publishEveryMs) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = "target/test-classes" + File.pathSeparator + "target/classes" + File.pathSeparator
        + Files.readString(Path.of("target", "classpath.txt")).strip();
    return new ChildServer(new ProcessBuilder(java, "-Xmx4g", "-XX:+UseSerialGC", "-cp", classpath,
        SpringStompBroker.class.getName(), heartbeat, passcode, String.valueOf(publishEveryMs)), "spring stomp broker");
  }

  ChildServer(ProcessBuilder command, String name) throws Exception {
    process = command.redirectErrorStream(true).start();
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
          }
        }
      } catch (IOException e) {
        // the process ended
      }
      listening.completeExceptionally(new IllegalStateException(name + " ended: " + output()));
    }, name + " output");
    reader.setDaemon(true);
    reader.start();
    base = listening.get(30, TimeUnit.SECONDS);
  }

  @Override
  public String wsUrl(String pathAndQuery) {
    return base.replace("http://", "ws://") + pathAndQuery;
  }

  int port() {
    return URI.create(base).getPort();
  }

  long pid() {
    return process.pid();
  }

  @Override
  public JsonNode counts() {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/counts"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("GET /counts: " + r.statusCode() + " " + r.body());
      }
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
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

  /** Node.js 20 or later on the PATH and src/test/node/node_modules (.ci/run runs npm ci there). */
  static void requireNode() {
    int major;
    try {
      Process p = new ProcessBuilder("node", "-p", "process.versions.node.split('.')[0]").redirectErrorStream(true)
          .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      major = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? Integer.parseInt(out) : 0;
    } catch (IOException | NumberFormatException e) {
      major = 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      major = 0;
    }
    Prerequisite.require(major >= 20 && Files.isDirectory(NODE_DIR.resolve("node_modules")),
        "Node.js >= 20 with src/test/node/node_modules", "Node.js 20+, then npm ci --prefix src/test/node");
  }
}
