package io.wsloadtest.protocols;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * RabbitMQ (Debian's rabbitmq-server) with its Web-STOMP plugin, as a child process with its own node name, a
 * private data, log and config directory, and loopback listeners on free ports: STOMP over WebSocket at /ws, the
 * management API for its counts. Guest/guest may log in from loopback. A publisher posts {"seq","ts","data"} to
 * amq.topic with routing key "ticks" (STOMP destination /topic/ticks) through the management API at a rate.
 */
final class RabbitWebStomp implements ReferenceServer {

  static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LOGIN_FAILED = Pattern.compile("STOMP login failed");
  private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes());

  private final Path dir;
  private final Process process;
  private final int stompPort;
  private final int managementPort;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "rabbitmq publisher");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong routed = new AtomicLong();
  private ScheduledFuture<?> publishing;

  RabbitWebStomp() throws Exception {
    Prerequisite.require(Files.isExecutable(SERVER), "rabbitmq-server",
        "apt-get install rabbitmq-server; the tests start their own node, the system service is not needed");
    dir = Files.createTempDirectory("wsload-rabbitmq");
    int amqpPort = freePort();
    stompPort = freePort();
    managementPort = freePort();
    Files.writeString(dir.resolve("rabbitmq.conf"), String.join("\n",
        "listeners.tcp.default = 127.0.0.1:" + amqpPort,
        "stomp.listeners.tcp.1 = 127.0.0.1:" + freePort(), // plain STOMP, unused; off its default 0.0.0.0:61613
        "web_stomp.tcp.ip = 127.0.0.1",
        "web_stomp.tcp.port = " + stompPort,
        "management.tcp.ip = 127.0.0.1",
        "management.tcp.port = " + managementPort,
        "collect_statistics_interval = 500",
        "log.file.level = info", ""));
    Files.writeString(dir.resolve("enabled_plugins"), "[rabbitmq_web_stomp,rabbitmq_management].\n");
    ProcessBuilder pb = new ProcessBuilder(SERVER.toString()).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.txt").toFile());
    Map<String, String> env = pb.environment();
    env.put("HOME", dir.toString()); // its Erlang cookie
    env.put("RABBITMQ_NODENAME", "wsload-" + ProcessHandle.current().pid() + "-" + stompPort + "@localhost");
    env.put("RABBITMQ_DIST_PORT", String.valueOf(freePort()));
    env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
    env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
    env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
    env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
    env.put("RABBITMQ_PLUGINS_EXPAND_DIR", dir.resolve("plugins-expand").toString());
    env.put("RABBITMQ_PID_FILE", dir.resolve("pid").toString());
    process = pb.start();
    try {
      Await.until("RabbitMQ's management API and Web-STOMP listener", 120_000,
          () -> process.isAlive() ? managementUp() && listening(stompPort) : fail(), up -> up);
    } catch (AssertionError | RuntimeException e) {
      String output = Files.readString(dir.resolve("stdout.txt")); // close() removes the folder
      close();
      throw new AssertionError(e.getMessage() + "\n" + output, e);
    }
  }

  private boolean fail() {
    throw new IllegalStateException("rabbitmq-server ended");
  }

  /** The launcher's pid; the Erlang VM is its child. */
  long pid() {
    return process.pid();
  }

  @Override
  public String wsUrl(String pathAndQuery) {
    return "ws://127.0.0.1:" + stompPort + pathAndQuery;
  }

  /** Posts {"seq","ts","data"} to amq.topic/"ticks" every {@code everyMs}; the broker says whether it was routed. */
  void startPublisher(long everyMs) {
    publishing = publisher.scheduleAtFixedRate(() -> {
      long seq = published.getAndIncrement();
      String body = "{\"seq\":" + seq + ",\"ts\":" + System.currentTimeMillis() + ",\"data\":\"tick\"}";
      JsonNode r = api("POST", "/api/exchanges/%2F/amq.topic/publish", JSON.createObjectNode()
          .put("routing_key", "ticks").put("payload", body).put("payload_encoding", "string")
          .set("properties", JSON.createObjectNode()).toString());
      if (r.path("routed").asBoolean()) {
        routed.incrementAndGet();
      }
    }, 0, everyMs, TimeUnit.MILLISECONDS);
  }

  /** Stops publishing; returns once a publish under way has been answered. */
  void stopPublisher() throws Exception {
    publishing.cancel(false);
    publisher.submit(() -> { }).get(30, TimeUnit.SECONDS);
  }

  /**
   * The broker's counts: Web-STOMP connections now, in all and by client address (the management API's list
   * without statistics: the node's own list at once, where a connection shows up with statistics only seconds
   * later), messages delivered to consumers (the node's deliver_get), refused logins (its log: Web-STOMP 3.10 logs
   * no other connection event), and what the publisher published and the broker routed to a subscription.
   */
  @Override
  public JsonNode counts() {
    ObjectNode c = JSON.createObjectNode();
    long webStomp = 0;
    Map<String, Long> bySource = new TreeMap<>();
    String toWebStomp = " -> 127.0.0.1:" + stompPort; // a connection's name: "127.0.0.2:40112 -> 127.0.0.1:PORT"
    for (JsonNode connection : api("GET", "/api/connections?disable_stats=true", null)) {
      String name = connection.path("name").asText();
      if (name.endsWith(toWebStomp)) {
        webStomp++;
        String client = name.substring(0, name.length() - toWebStomp.length());
        bySource.merge(client.substring(0, client.lastIndexOf(':')), 1L, Long::sum);
      }
    }
    c.put("connectionsNow", webStomp);
    c.set("connectionsBySource", JSON.valueToTree(bySource));
    // the node's totals: a subscription's queue, and its own stats, go when the subscription ends
    c.put("delivered", api("GET", "/api/overview", null).path("message_stats").path("deliver_get").asLong());
    String log = log();
    c.put("stompLoginsRefused", LOGIN_FAILED.matcher(log).results().count());
    c.put("published", published.get()).put("routed", routed.get());
    return c;
  }

  String log() {
    try (Stream<Path> files = Files.list(dir.resolve("log"))) {
      StringBuilder all = new StringBuilder();
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
        all.append(Files.readString(f, StandardCharsets.UTF_8));
      }
      return all.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode api(String method, String path, String body) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
          .timeout(Duration.ofSeconds(10)).header("Authorization", AUTH);
      b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
          : b.header("content-type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
      }
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private boolean managementUp() {
    try {
      return api("GET", "/api/overview", null).has("rabbitmq_version");
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean listening(int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Stops the node (SIGTERM: RabbitMQ shuts down in order) and removes its directory. */
  @Override
  public void close() throws Exception {
    publisher.shutdownNow();
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
