package io.wsloadtest.server;

import java.util.List;

/**
 * What an echo server needs to know. Built from the {@code wsload.server} and {@code wsload.heartbeat}
 * config sections by {@link io.wsloadtest.config.LoadTestConfig}.
 */
public record ServerSettings(
    String host,
    List<Integer> ports,
    String path,
    int maxFrameBytes,
    int backlog,
    int workerThreads,
    String heartbeatRequest,
    String heartbeatReply) {

  public ServerSettings {
    ports = List.copyOf(ports);
  }

  /** Loopback, one ephemeral port, defaults for everything else: handy in tests. */
  public static ServerSettings loopbackDefaults() {
    return new ServerSettings("127.0.0.1", List.of(0), "/echo", 65_536, 8192, 0, "ping", "pong");
  }

  public ServerSettings withPorts(List<Integer> newPorts) {
    return new ServerSettings(host, newPorts, path, maxFrameBytes, backlog, workerThreads, heartbeatRequest, heartbeatReply);
  }
}
