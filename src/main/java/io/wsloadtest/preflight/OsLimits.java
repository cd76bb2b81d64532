package io.wsloadtest.preflight;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/** What this host gives a process: open files, ephemeral ports, TCP sysctls. Read from the JVM and /proc. */
public final class OsLimits {

  /** File descriptors a JVM uses before it opens any socket (jars, epoll, pipes), with room to spare. */
  public static final int FD_BASELINE = 300;

  private OsLimits() {}

  /** The soft open-files limit of this process (what it may open now), or -1 where unknown. */
  public static long openFilesLimit() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
      return unix.getMaxFileDescriptorCount();
    }
    return -1;
  }

  /** Sockets one process may hold: the open-files limit less the baseline. */
  public static long socketsPerProcess(long openFilesLimit) {
    return Math.max(0, openFilesLimit - FD_BASELINE);
  }

  /** Ephemeral ports per source address and destination: net.ipv4.ip_local_port_range, 32768-60999 by default. */
  public static int ephemeralPorts() {
    return sysctl("net/ipv4/ip_local_port_range")
        .map(v -> {
          String[] parts = v.trim().split("\\s+");
          return Integer.parseInt(parts[1]) - Integer.parseInt(parts[0]) + 1;
        })
        .orElse(28_232);
  }

  /** TcpExt ListenOverflows since boot: connections dropped because an accept queue was full. */
  public static long listenOverflows() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
      for (int i = 0; i + 1 < lines.size(); i += 2) {
        if (lines.get(i).startsWith("TcpExt:")) {
          List<String> names = List.of(lines.get(i).split("\\s+"));
          return Long.parseLong(lines.get(i + 1).split("\\s+")[names.indexOf("ListenOverflows")]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }

  public static OptionalLong sysctlLong(String key) {
    return sysctl(key).map(v -> OptionalLong.of(Long.parseLong(v.trim().split("\\s+")[0]))).orElse(OptionalLong.empty());
  }

  static java.util.Optional<String> sysctl(String key) {
    Path p = Path.of("/proc/sys", key);
    try {
      // Not Files.readString: /proc files report size 0 and come back truncated through it.
      return java.util.Optional.of(String.join("\n", Files.readAllLines(p)));
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }
}
