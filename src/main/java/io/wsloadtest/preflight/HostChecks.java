package io.wsloadtest.preflight;

import io.wsloadtest.config.InvalidConfigException;
import io.wsloadtest.config.LoadTestConfig;
import io.wsloadtest.config.ServerSettings;
import io.wsloadtest.config.Target;
import io.wsloadtest.plan.SourceIps;
import io.wsloadtest.plan.TargetCsv;
import io.wsloadtest.tls.ClientTrust;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the configuration alone cannot tell: do the target hosts resolve (to loopback, unless remote targets
 * are allowed), are the source IPs assigned to this host, do the CSV files, PEM files and trust store exist
 * and parse, does the open-files limit leave room for the users. Run before any load; problems are reported
 * together with the configuration's own, in the same form, and refuse the run (exit 3).
 */
public final class HostChecks {

  private HostChecks() {}

  /** The configuration with its CSV files read and cut to the shard's share; problems are added to {@code problems}. */
  static LoadTestConfig check(LoadTestConfig config, long openFilesLimit, List<String> problems) {
    // Each target that resolves outside loopback, with its entry: loopback source IPs cannot reach it.
    Map<String, String> remote = new java.util.LinkedHashMap<>();
    for (String entry : config.targetEntries()) {
      if (!entry.startsWith("csv:")) {
        urlTarget(entry).ifPresent(t -> reachable(t, config.allowRemoteTargets(), entry, problems, remote));
      }
    }
    List<Target> fileTargets = new ArrayList<>();
    for (String file : config.targetFiles()) {
      String entry = "csv:" + file;
      try {
        for (Target t : TargetCsv.read(Path.of(file))) {
          fileTargets.add(t);
          reachable(t, config.allowRemoteTargets(), entry, problems, remote);
        }
      } catch (IllegalArgumentException e) {
        problems.add(LoadTestConfig.problem("target", entry, e.getMessage()));
      }
    }
    List<InetAddress> fileIps = List.of();
    if (!config.sourceIpsFile().isEmpty()) {
      try {
        fileIps = SourceIps.readCsv(Path.of(config.sourceIpsFile()));
      } catch (IllegalArgumentException e) {
        problems.add(LoadTestConfig.problem("source-ips-csv", config.sourceIpsFile(), e.getMessage()));
      }
    }
    String ipsKey = config.sourceIpsFile().isEmpty() ? "source-ips" : "source-ips-csv";
    for (InetAddress ip : concat(config.sourceIps(), fileIps)) {
      if (!isLocal(ip)) {
        problems.add(LoadTestConfig.problem(ipsKey, ip.getHostAddress(),
            "is not assigned to any interface of this host (add it, e.g. `ip addr add " + ip.getHostAddress()
                + "/32 dev lo`, or remove it)"));
      }
    }
    sameSideOfLoopback(ipsKey, concat(config.sourceIps(), fileIps), remote, problems);
    LoadTestConfig resolved = config.hasFilesToRead() ? config.withFileContents(fileTargets, fileIps, problems) : config;
    serverFiles(config.server(), problems);
    trustStore(config, problems);
    openFiles(config.users(), config.embeddedTarget(), openFilesLimit, problems);
    return resolved;
  }

  /** Entries that do not parse were refused by the configuration already. */
  private static java.util.Optional<Target> urlTarget(String entry) {
    try {
      return java.util.Optional.of(Target.parseUrl(entry));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * Linux refuses a connect from a loopback address to any other (EINVAL): with loopback source IPs and a
   * target outside loopback every connect fails, which is refused here rather than found as 100% KO.
   */
  static void sameSideOfLoopback(String ipsKey, List<InetAddress> sourceIps, Map<String, String> remoteTargets,
      List<String> problems) {
    List<String> loopback = sourceIps.stream().filter(InetAddress::isLoopbackAddress)
        .map(InetAddress::getHostAddress).toList();
    if (loopback.isEmpty() || remoteTargets.isEmpty()) {
      return;
    }
    String ips = loopback.size() <= 3 ? String.join(", ", loopback)
        : loopback.get(0) + " ... " + loopback.get(loopback.size() - 1) + " (" + loopback.size() + " addresses)";
    Map.Entry<String, String> target = remoteTargets.entrySet().iterator().next();
    problems.add(LoadTestConfig.problem(ipsKey, ips, "loopback source addresses cannot reach " + target.getKey()
        + " (" + target.getValue() + ", not loopback): Linux refuses such a connect, every one would fail;"
        + " use addresses of this host's network interfaces as source IPs, or none (a pod has one address of its"
        + " own: the 100k-pods profile sets none)"));
  }

  /** Unknown hosts fail now, not as 100k KOs; non-loopback hosts need an explicit opt-in. */
  private static void reachable(Target t, boolean allowRemote, String entry, List<String> problems,
      Map<String, String> remote) {
    // A CSV entry names its file; say which of its targets is meant.
    String which = entry.startsWith("csv:") ? "target " + t.url() + ": " : "";
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(t.host());
    } catch (UnknownHostException e) {
      problems.add(LoadTestConfig.problem("target", entry, which + "unknown host '" + t.host() + "'"));
      return;
    }
    boolean loopback = Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
    if (!loopback) {
      remote.putIfAbsent(t.url(), Arrays.stream(addresses).filter(a -> !a.isLoopbackAddress()).findFirst()
          .map(InetAddress::getHostAddress).orElse(t.host()));
    }
    if (!loopback && !allowRemote) {
      problems.add(LoadTestConfig.problem("target", entry, which + "host " + t.host() + " is not a loopback address;"
          + " to load-test another host on purpose set -Dwsload.allow-remote-targets=true"));
    }
  }

  static void serverFiles(ServerSettings server, List<String> problems) {
    ServerSettings.Tls tls = server.tls();
    if (!tls.enabled() || tls.certChain() == null) {
      return;
    }
    Map<String, Path> files = new java.util.LinkedHashMap<>();
    files.put("server.tls.cert-chain", tls.certChain());
    files.put("server.tls.key", tls.key());
    files.forEach((key, file) -> {
      if (!Files.isReadable(file)) {
        problems.add(LoadTestConfig.problem(key, file, "file not found: " + file.toAbsolutePath()));
      }
    });
  }

  private static void trustStore(LoadTestConfig config, List<String> problems) {
    Path store = config.tls().trustStore();
    if (store == null) {
      return;
    }
    try {
      ClientTrust.load(store, config.tls().trustStorePassword());
    } catch (IllegalArgumentException e) {
      problems.add(LoadTestConfig.problem("tls.trust-store", store, e.getMessage()));
    }
  }

  /** Each connection costs a socket in this process, two when the server is embedded here too. */
  private static void openFiles(int users, boolean embedded, long openFilesLimit, List<String> problems) {
    if (openFilesLimit <= 0 || users <= 0) {
      return;
    }
    long socketsNeeded = (long) users * (embedded ? 2 : 1);
    long available = OsLimits.socketsPerProcess(openFilesLimit);
    if (socketsNeeded > available) {
      String fix = embedded
          ? "run the server as its own process (bin/echo-server) and set -Dtarget=ws://127.0.0.1:PORT/echo, "
          : "";
      problems.add(LoadTestConfig.problem("users", users, "needs " + socketsNeeded + " sockets in this process but the"
          + " open-files limit (" + openFilesLimit + ") leaves room for " + available + "; " + fix + "raise `ulimit -n`,"
          + " or split the run into shards of at most " + (embedded ? available / 2 : available) + " users"));
    }
  }

  /** True when this host can bind a socket to the address, i.e. it is assigned to a local interface. */
  static boolean isLocal(InetAddress ip) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(ip, 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
