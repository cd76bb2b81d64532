package io.wsloadtest.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What an echo server needs to know. Built from the {@code wsload.server} and {@code wsload.heartbeat}
 * config sections by {@link LoadTestConfig}.
 *
 * @param maxConnections connections served at once; the excess gets 503 on its upgrade (0 = what the
 *     open-files limit of the process leaves room for)
 * @param handshakeTimeout a connection that has not completed its WebSocket handshake by then is closed
 * @param tls TLS (wss://) or not
 * @param broadcast pushes to every connection besides the echo, or {@link ServerBroadcast#OFF}
 */
public record ServerSettings(
    String host,
    List<Integer> ports,
    String path,
    int maxFrameBytes,
    int backlog,
    int workerThreads,
    String heartbeatRequest,
    String heartbeatReply,
    int maxConnections,
    Duration handshakeTimeout,
    Tls tls,
    ServerFaults faults,
    ServerBroadcast broadcast) {

  /** Server TLS: off, or on with a PEM certificate chain and key, or on with a self-signed one made at start. */
  public record Tls(boolean enabled, Path certChain, Path key) {
    public static final Tls OFF = new Tls(false, null, null);
    public static final Tls SELF_SIGNED = new Tls(true, null, null);
  }

  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  public ServerSettings {
    ports = List.copyOf(ports);
  }

  /** Without broadcast mode. */
  public ServerSettings(String host, List<Integer> ports, String path, int maxFrameBytes, int backlog,
      int workerThreads, String heartbeatRequest, String heartbeatReply, int maxConnections,
      Duration handshakeTimeout, Tls tls, ServerFaults faults) {
    this(host, ports, path, maxFrameBytes, backlog, workerThreads, heartbeatRequest, heartbeatReply, maxConnections,
        handshakeTimeout, tls, faults, ServerBroadcast.OFF);
  }

  /** Without the hardening, TLS and fault settings: defaults for those (a well-behaved server). */
  public ServerSettings(String host, List<Integer> ports, String path, int maxFrameBytes, int backlog,
      int workerThreads, String heartbeatRequest, String heartbeatReply) {
    this(host, ports, path, maxFrameBytes, backlog, workerThreads, heartbeatRequest, heartbeatReply, 0,
        DEFAULT_HANDSHAKE_TIMEOUT, Tls.OFF, ServerFaults.NONE);
  }

  /** Loopback, one ephemeral port, defaults for everything else: handy in tests. */
  public static ServerSettings loopbackDefaults() {
    return new ServerSettings("127.0.0.1", List.of(0), "/echo", 65_536, 8192, 0, "ping", "pong");
  }

  public ServerSettings withPorts(List<Integer> newPorts) {
    return new ServerSettings(host, newPorts, path, maxFrameBytes, backlog, workerThreads, heartbeatRequest,
        heartbeatReply, maxConnections, handshakeTimeout, tls, faults, broadcast);
  }

  public ServerSettings withLimits(int newMaxConnections, Duration newHandshakeTimeout) {
    return new ServerSettings(host, ports, path, maxFrameBytes, backlog, workerThreads, heartbeatRequest,
        heartbeatReply, newMaxConnections, newHandshakeTimeout, tls, faults, broadcast);
  }

  public ServerSettings withTls(Tls newTls) {
    return new ServerSettings(host, ports, path, maxFrameBytes, backlog, workerThreads, heartbeatRequest,
        heartbeatReply, maxConnections, handshakeTimeout, newTls, faults, broadcast);
  }

  public ServerSettings withFaults(ServerFaults newFaults) {
    return new ServerSettings(host, ports, path, maxFrameBytes, backlog, workerThreads, heartbeatRequest,
        heartbeatReply, maxConnections, handshakeTimeout, tls, newFaults, broadcast);
  }

  public ServerSettings withBroadcast(ServerBroadcast newBroadcast) {
    return new ServerSettings(host, ports, path, maxFrameBytes, backlog, workerThreads, heartbeatRequest,
        heartbeatReply, maxConnections, handshakeTimeout, tls, faults, newBroadcast);
  }

  /** wsload.server; the heartbeat texts are the ones the run's clients send. */
  static ServerSettings read(KeyReader r, Heartbeat heartbeat) {
    String host = r.nonEmptyString("server.host");
    List<Integer> ports = new ArrayList<>();
    for (String p : r.stringList("server.ports")) {
      try {
        int port = Integer.parseInt(p.trim());
        if (port < 0 || port > 65_535) throw new NumberFormatException();
        ports.add(port);
      } catch (NumberFormatException e) {
        r.problem("server.ports", p, "each port must be a number 0-65535 (0 = any free port)");
      }
    }
    if (ports.isEmpty()) {
      r.problem("server.ports", "[]", "needs at least one port");
    }
    String path = r.nonEmptyString("server.path");
    if (!path.isEmpty() && !path.startsWith("/")) {
      r.problem("server.path", path, "must start with /");
    }
    int maxFrame = r.positiveInt("server.max-frame-bytes", "-Dwsload.server.max-frame-bytes=65536");
    int backlog = r.positiveInt("server.backlog", "-Dwsload.server.backlog=8192");
    int workers = r.nonNegativeInt("server.worker-threads", "must be 0 (two per core) or more");
    int maxConnections = r.nonNegativeInt("server.max-connections",
        "must be 0 (as many as the open-files limit allows) or more");
    Duration handshakeTimeout = r.positiveDuration("server.handshake-timeout");
    return new ServerSettings(host, ports, path, maxFrame, backlog, workers, heartbeat.request(), heartbeat.reply(),
        maxConnections, handshakeTimeout, readTls(r), ServerFaults.read(r), ServerBroadcast.read(r));
  }

  private static Tls readTls(KeyReader r) {
    if (!r.bool("server.tls.enabled")) {
      return Tls.OFF;
    }
    String chain = r.string("server.tls.cert-chain", "");
    String key = r.string("server.tls.key", "");
    if (chain.isBlank() && key.isBlank()) {
      return Tls.SELF_SIGNED;
    }
    if (chain.isBlank() || key.isBlank()) {
      r.problem(chain.isBlank() ? "server.tls.cert-chain" : "server.tls.key", "\"\"",
          "wsload.server.tls.cert-chain and wsload.server.tls.key go together (PEM files);"
          + " give both, or neither for a self-signed certificate");
      return Tls.SELF_SIGNED;
    }
    return new Tls(true, Path.of(chain), Path.of(key));
  }
}
