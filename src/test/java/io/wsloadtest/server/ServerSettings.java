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
    String heartbeatReply,
    ServerFaults faults) {

  public ServerSettings {
    ports = List.copyOf(ports);
  }

  /** A well-behaved server: no faults. */
  public ServerSettings(String host, List<Integer> ports, String path, int maxFrameBytes, int backlog,
      int workerThreads, String heartbeatRequest, String heartbeatReply) {
    this(host, ports, path, maxFrameBytes, backlog, workerThreads, heartbeatRequest, heartbeatReply, ServerFaults.NONE);
  }

  /** Loopback, one ephemeral port, defaults for everything else: handy in tests. */
  public static ServerSettings loopbackDefaults() {
    return new ServerSettings("127.0.0.1", List.of(0), "/echo", 65_536, 8192, 0, "ping", "pong");
  }

  public ServerSettings withPorts(List<Integer> newPorts) {
    return new ServerSettings(host, newPorts, path, maxFrameBytes, backlog, workerThreads, heartbeatRequest, heartbeatReply,
        faults);
  }

  public ServerSettings withFaults(ServerFaults newFaults) {
    return new ServerSettings(host, ports, path, maxFrameBytes, backlog, workerThreads, heartbeatRequest, heartbeatReply,
        newFaults);
  }
}
