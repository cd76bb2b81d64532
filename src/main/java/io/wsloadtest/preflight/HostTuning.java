package io.wsloadtest.preflight;

import java.util.ArrayList;
import java.util.List;

/**
 * The OS settings a host needs to hold a number of connections with their servers on it too: the values
 * preflight's fix lines recommend, and what {@code bin/tune-host} applies (it reads them from {@link #main}).
 */
public final class HostTuning {

  /** Accept queue (net.core.somaxconn) and half-open queue (tcp_max_syn_backlog): the largest older kernels take. */
  public static final int QUEUE = 65_535;
  /** Client ports from 1024 up: about 64k per (source IP, destination) instead of ~28k. */
  public static final String PORT_RANGE = "1024 65535";
  /** System-wide open files and per-process ceiling below which these settings are never lowered. */
  static final long FILES_FLOOR = 2_097_152;

  /** One kernel setting: at least {@code value}, or for a range, a range that contains it. */
  public record Sysctl(String key, String value, boolean range) {}

  private HostTuning() {}

  /** fs.file-max for this many descriptors in all: twice that, so other processes keep their room. */
  public static long fileMaxFor(long totalDescriptors) {
    return Math.max(FILES_FLOOR, totalDescriptors * 2);
  }

  /** The open-files limit one process needs to hold this many connections within preflight's safe share. */
  public static long openFilesFor(long connections) {
    return (long) Math.ceil(connections / Preflight.SAFE_SHARE) + OsLimits.FD_BASELINE;
  }

  /** Connections one process may hold under this open-files limit: what bin/launch plans per shard. */
  public static long connectionsPerProcess(long openFilesLimit) {
    return (long) (OsLimits.socketsPerProcess(openFilesLimit) * Preflight.SAFE_SHARE);
  }

  /** Kernel settings for {@code connections} on this host, each with a client and a server descriptor. */
  public static List<Sysctl> sysctls(long connections) {
    long files = fileMaxFor(connections * 2);
    List<Sysctl> out = new ArrayList<>();
    out.add(new Sysctl("fs.file-max", Long.toString(files), false));
    out.add(new Sysctl("fs.nr_open", Long.toString(Math.max(FILES_FLOOR, openFilesFor(connections))), false));
    out.add(new Sysctl("net.ipv4.ip_local_port_range", PORT_RANGE, true));
    out.add(new Sysctl("net.ipv4.tcp_tw_reuse", "1", false));
    out.add(new Sysctl("net.core.somaxconn", Integer.toString(QUEUE), false));
    out.add(new Sysctl("net.ipv4.tcp_max_syn_backlog", Integer.toString(QUEUE), false));
    out.add(new Sysctl("net.core.netdev_max_backlog", Integer.toString(QUEUE), false));
    return out;
  }

  /**
   * Prints, one per line, for {@code bin/tune-host}: {@code min KEY VALUE} or {@code range KEY LOW HIGH} per
   * sysctl, {@code nofile - N} (the open-files limit one process needs for all connections) and
   * {@code per-process - N} (connections one process may hold under this process's hard limit).
   * Argument: the number of connections (default 100000).
   */
  public static void main(String[] args) {
    long connections;
    try {
      connections = args.length == 0 ? 100_000 : Long.parseLong(args[0]);
      if (connections <= 0) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      System.err.println("connections must be a whole number greater than 0, got '" + args[0] + "'");
      System.exit(3);
      return;
    }
    for (Sysctl s : sysctls(connections)) {
      System.out.println((s.range() ? "range " : "min ") + s.key() + " " + s.value());
    }
    System.out.println("nofile - " + openFilesFor(connections));
    System.out.println("per-process - " + connectionsPerProcess(HostFacts.hardOpenFilesLimit()));
  }
}
