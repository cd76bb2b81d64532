package io.wsloadtest.preflight;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** What this host gives load-test processes, read once from the JVM, the shell and /proc. */
public record HostFacts(
    long openFilesSoft,
    long openFilesHard,
    int ephemeralPorts,
    OptionalLong tcpTwReuse,
    OptionalLong somaxconn,
    OptionalLong tcpMaxSynBacklog,
    OptionalLong fileMax,
    OptionalLong memAvailableMb) {

  public static HostFacts read() {
    return new HostFacts(
        OsLimits.openFilesLimit(),
        hardOpenFilesLimit(),
        OsLimits.ephemeralPorts(),
        OsLimits.sysctlLong("net/ipv4/tcp_tw_reuse"),
        OsLimits.sysctlLong("net/core/somaxconn"),
        OsLimits.sysctlLong("net/ipv4/tcp_max_syn_backlog"),
        OsLimits.sysctlLong("fs/file-max"),
        readMemAvailableMb());
  }

  /** Children started through `ulimit -n <hard>` may use the hard limit; read it from /proc. */
  static long hardOpenFilesLimit() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          String[] f = line.substring("Max open files".length()).trim().split("\\s+");
          return f[1].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(f[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall back to the soft limit
    }
    return OsLimits.openFilesLimit();
  }

  static OptionalLong readMemAvailableMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemAvailable:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("\\D+", "")) / 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      // unknown
    }
    return OptionalLong.empty();
  }
}
