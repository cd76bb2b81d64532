package io.wsloadtest.preflight;

import io.wsloadtest.config.LoadTestConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Checks, before any load, that a run can succeed on this host: open files per injector and per server
 * process, ephemeral ports per (source IP, destination), kernel queues, memory. Refuses what cannot work,
 * saying exactly what to change, and warns where it is marginal.
 */
public final class Preflight {

  /** Share of a process's socket room a plan may use: the rest absorbs reconnects and stray descriptors. */
  static final double SAFE_SHARE = 0.9;
  /** Ephemeral ports a plan may use before it is called marginal (TIME_WAIT and reconnects need the rest). */
  static final double PORT_HEADROOM = 0.8;

  public enum Verdict { OK, WARN, FAIL }

  /** One line of the plan table. */
  public record Check(String what, String needs, String host, Verdict verdict, String fix) {}

  /** The outcome: the table, and whether the run may start. */
  public record Report(List<Check> checks, int shards, int servers, int usersPerShard, int heapMbPerShard) {
    public boolean refused() {
      return checks.stream().anyMatch(c -> c.verdict() == Verdict.FAIL);
    }

    public String table() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format("  %-38s %-32s %-32s %s%n", "check", "run needs", "host gives", "verdict"));
      for (Check c : checks) {
        sb.append(String.format("  %-38s %-32s %-32s %s%n", c.what(), c.needs(), c.host(), c.verdict()));
      }
      for (Check c : checks) {
        if (c.verdict() != Verdict.OK) {
          sb.append("  ").append(c.verdict()).append(" ").append(c.what()).append(": ").append(c.fix()).append('\n');
        }
      }
      return sb.toString();
    }
  }

  private Preflight() {}

  /** Injector processes needed so that each stays within a safe share of the open-files limit. */
  public static int shardsNeeded(int users, boolean embeddedServer, long openFilesLimit) {
    long room = (long) (OsLimits.socketsPerProcess(openFilesLimit) * SAFE_SHARE);
    long perUser = embeddedServer ? 2 : 1;
    return (int) Math.max(1, Math.ceil((double) users * perUser / Math.max(1, room)));
  }

  /** Heap for an injector holding this many connections: measured ~15k in 128 MB, so ~6 KB each plus a base. */
  public static int heapMbFor(int connections) {
    return Math.max(128, 64 + (int) Math.ceil(connections * 6.0 / 1024));
  }

  /**
   * @param config the whole run (shard count 1)
   * @param shards injector processes
   * @param localServers echo server processes started on this host (0 when the servers are elsewhere)
   * @param childOpenFiles open-files limit each child process will run with
   */
  public static Report check(LoadTestConfig config, int shards, int localServers, HostFacts host, long childOpenFiles) {
    List<Check> checks = new ArrayList<>();
    int users = config.users();
    int perShard = (int) Math.ceil((double) users / shards);
    boolean embedded = config.embeddedTarget();
    long room = OsLimits.socketsPerProcess(childOpenFiles);

    long injectorSockets = (long) perShard * (embedded ? 2 : 1);
    int minShards = shardsNeeded(users, embedded, childOpenFiles);
    checks.add(new Check("open files per injector (" + shards + ")",
        injectorSockets + " + " + OsLimits.FD_BASELINE + " for the JVM",
        childOpenFiles + " (ulimit -n)",
        injectorSockets > room ? Verdict.FAIL : injectorSockets > room * SAFE_SHARE ? Verdict.WARN : Verdict.OK,
        "use at least " + minShards + " shards (--shards " + minShards + "), or raise the limit: `ulimit -n "
            + (injectorSockets + OsLimits.FD_BASELINE + 1000) + "` (above the hard limit: /etc/security/limits.conf)"));

    if (localServers > 0) {
      long perServer = (long) Math.ceil((double) users / localServers);
      checks.add(new Check("open files per server (" + localServers + ")",
          perServer + " + " + OsLimits.FD_BASELINE + " for the JVM", childOpenFiles + " (ulimit -n)",
          perServer > room ? Verdict.FAIL : perServer > room * SAFE_SHARE ? Verdict.WARN : Verdict.OK,
          "one server process runs per target port: use at least "
              + (int) Math.ceil(users / (room * SAFE_SHARE)) + " target ports"));
    }

    checks.add(ports(config, host));

    long totalFds = users * (long) (localServers > 0 || embedded ? 2 : 1)
        + (long) (shards + localServers) * OsLimits.FD_BASELINE;
    host.fileMax().ifPresent(max -> checks.add(new Check("fs.file-max", totalFds + " in all", "" + max,
        totalFds > max ? Verdict.FAIL : Verdict.OK, "`sysctl -w fs.file-max=" + HostTuning.fileMaxFor(totalFds) + "` (bin/tune-host)")));

    int burst = config.injection().type() == io.wsloadtest.config.Injection.Type.AT_ONCE ? users : 0;
    host.somaxconn().ifPresent(v -> checks.add(new Check("net.core.somaxconn",
        burst > 0 ? burst + " at once" : "accept queue", "" + v,
        burst > v || v < 1024 ? Verdict.WARN : Verdict.OK,
        "connection bursts beyond the accept queue are retried by SYN after 1-3 s (ListenOverflows); "
            + "`sysctl -w net.core.somaxconn=" + HostTuning.QUEUE + "` (bin/tune-host) or ramp instead of at-once")));
    host.tcpMaxSynBacklog().ifPresent(v -> checks.add(new Check("net.ipv4.tcp_max_syn_backlog",
        "half-open handshakes", "" + v, v < 1024 ? Verdict.WARN : Verdict.OK,
        "`sysctl -w net.ipv4.tcp_max_syn_backlog=" + HostTuning.QUEUE + "` (bin/tune-host)")));
    host.tcpTwReuse().ifPresent(v -> checks.add(new Check("net.ipv4.tcp_tw_reuse",
        "1 (reconnects reuse ports)", "" + v, v == 0 ? Verdict.WARN : Verdict.OK,
        "closed connections hold their port in TIME_WAIT for 60 s; with reconnect churn ports run out: "
            + "`sysctl -w net.ipv4.tcp_tw_reuse=1` (bin/tune-host)")));

    int heap = heapMbFor(perShard);
    long needMb = (long) shards * (heap + 200) + localServers * 300L;
    host.memAvailableMb().ifPresent(mb -> checks.add(new Check("memory",
        needMb + " MB (" + shards + " x " + heap + " MB heap + JVM)", mb + " MB available",
        needMb > mb ? Verdict.FAIL : needMb > mb * 0.8 ? Verdict.WARN : Verdict.OK,
        "use a host with more memory or split the run over several hosts")));

    return new Report(List.copyOf(checks), shards, localServers, perShard, heap);
  }

  /**
   * Ephemeral ports. With source IPs bound (Gatling binds before connect), the kernel picks the port at bind
   * time without knowing the destination: each source IP gives one range in total. Unbound connects get one
   * range per destination ip:port.
   */
  private static Check ports(LoadTestConfig config, HostFacts host) {
    int users = config.users();
    int range = host.ephemeralPorts();
    int sources = config.sourceIps().size();
    if (sources > 0) {
      long capacity = (long) sources * range;
      // Linux (4.6+) hands bind() ports from one half of the range first; past that half every bind scans
      // the other half, and connects slow down: measured here, 500/s fell to ~150/s at ~14k per source IP.
      long fast = (long) sources * (range / 2);
      int needed = (int) Math.ceil(users / (range / 2 * 0.9));
      return new Check("ephemeral ports (" + sources + " bound source IPs)", users + " connections",
          sources + " x " + range + " = " + capacity + " (" + fast + " fast)",
          users > capacity ? Verdict.FAIL : users > fast ? Verdict.WARN : Verdict.OK,
          "each bound source IP gives one port range in total, and binds slow down past half of it: use at least "
              + needed + " source IPs, e.g. -Dwsload.source-ips=127.0.0.2-127.0.0." + (1 + needed));
    }
    int d = Math.max(1, destinations(config).size());
    long capacity = (long) d * range;
    int neededDestinations = (int) Math.ceil(users / (range * PORT_HEADROOM));
    return new Check("ephemeral ports (" + d + " destination" + (d == 1 ? "" : "s") + ")", users + " connections",
        d + " x " + range + " = " + capacity,
        users > capacity ? Verdict.FAIL : users > capacity * PORT_HEADROOM ? Verdict.WARN : Verdict.OK,
        "one port range per destination ip:port: use at least " + neededDestinations
            + " target ports, or source IPs (about " + range + " connections each)");
  }

  /**
   * The distinct address:port pairs connections go to, as the kernel sees them: names that resolve to the same
   * address are one destination (localhost and 127.0.0.1), and the embedded server's ports are one each
   * (port 0 entries each get their own free port).
   */
  static List<String> destinations(LoadTestConfig config) {
    if (config.embeddedTarget()) {
      List<Integer> ports = config.server().ports();
      return IntStream.range(0, ports.size())
          .mapToObj(i -> address(config.server().host()) + ":" + (ports.get(i) == 0 ? "free#" + i : ports.get(i)))
          .distinct().toList();
    }
    return config.targets().stream().map(t -> address(t.host()) + ":" + t.port()).distinct().toList();
  }

  /** The address the JVM would connect to; the name itself when it does not resolve (HostChecks refuses that). */
  private static String address(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      return host;
    }
  }
}
