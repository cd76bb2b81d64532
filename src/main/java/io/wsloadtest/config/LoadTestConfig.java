package io.wsloadtest.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The whole run configuration, parsed once, typed, immutable and validated before any load starts.
 * Every problem found is reported together, each naming the key, the bad value and what is allowed.
 *
 * <p>Parsing is pure: no DNS, no sockets, no files beyond the configuration itself. What needs the host
 * (do the target hosts resolve to loopback, are the source IPs on this host, the CSV files, the trust store,
 * the open-files limit) is checked by {@code io.wsloadtest.preflight.HostChecks}, which a run goes through.
 *
 * @param targetEntries the wsload.target entries as given (URLs and csv:FILE), for messages about them
 * @param targets this shard's targets; until the CSV files are read, only those given as URLs
 * @param targetFiles CSV files of targets still to read ({@code csv:FILE} entries); empty once read
 * @param sourceIps this shard's source IPs; until the CSV file is read, only those given in wsload.source-ips
 * @param sourceIpsFile CSV file of source IPs still to read ("" for none, and once read)
 * @param scenario the wsload.scenario section: the running simulation's own settings ({@link ScenarioSettings})
 * @param protocol what the servers speak on top of WebSocket, with that protocol's settings
 * @param keepAlive false: the clients neither answer the server's pings nor keep their protocol's session alive
 */
public record LoadTestConfig(
    String profile,
    boolean embeddedTarget,
    List<String> targetEntries,
    List<Target> targets,
    List<String> targetFiles,
    boolean allowRemoteTargets,
    int users,
    Injection injection,
    Duration hold,
    Duration rampDown,
    Heartbeat heartbeat,
    Echo echo,
    List<InetAddress> sourceIps,
    String sourceIpsFile,
    AssertionLimits assertions,
    ServerSettings server,
    Shard shard,
    ClientTls tls,
    HandshakeHeaders handshakeHeaders,
    MetricsSettings metrics,
    Push push,
    UserHandshake userHandshake,
    Config scenario,
    ProtocolSettings protocol,
    boolean keepAlive) {

  /**
   * Shard {@code index} of {@code count}; {@code totalUsers} is the whole run's, {@code users} this shard's share.
   * {@code readyTimeout}: how long a shard may take to get ready; {@code warmUpUsers}: users of its warm-up (0 none).
   */
  public record Shard(int index, int count, int totalUsers, Duration readyTimeout, int warmUpUsers) {}

  public static final String EMBEDDED = "embedded";
  /** Sections whose keys are the user's own (header names), not ours: exempt from the unknown-key check. */
  private static final Set<String> OPEN_MAPS = Set.of("handshake.headers", "handshake.user-headers",
      "handshake.user-query", ScenarioSettings.SECTION);

  /** Parses and validates; throws with every problem found. Host checks are not made here. */
  public static LoadTestConfig parse(Properties systemProperties, Map<String, String> env) {
    return read(systemProperties, env).orThrow();
  }

  /** Parses and validates, returning the problems with the (then partly defaulted) result, for more checks to add to. */
  public static Parsed<LoadTestConfig> read(Properties systemProperties, Map<String, String> env) {
    return read(systemProperties, env, Reader::read);
  }

  /**
   * Only what an echo server process needs (wsload.server, the heartbeat texts, wsload.metrics), validated the same way;
   * the client side of the configuration (users, targets...) is not the server's business.
   */
  public static Parsed<ServerProcess> readServerProcess(Properties systemProperties, Map<String, String> env) {
    return read(systemProperties, env, (reader, profile) -> reader.serverProcess());
  }

  /**
   * What an echo server process is configured with.
   *
   * @param warmUpConnections clients of a throw-away server in the same JVM before the real one listens (0 = none)
   */
  public record ServerProcess(ServerSettings server, MetricsSettings metrics, int warmUpConnections) {}

  /** A parse result and the problems found; {@code value} holds defaults where a key was wrong. */
  public record Parsed<T>(T value, List<String> problems) {
    public Parsed {
      problems = List.copyOf(problems);
    }

    public T orThrow() {
      if (!problems.isEmpty()) {
        throw new InvalidConfigException(problems);
      }
      return value;
    }
  }

  private static <T> Parsed<T> read(Properties systemProperties, Map<String, String> env,
      java.util.function.BiFunction<Reader, String, T> what) {
    Config files = ConfigLayers.files();
    Config overrides = ConfigLayers.overrides(systemProperties, env);
    Set<String> profiles = files.getConfig("wsload.profiles").root().keySet();
    List<String> problems = new ArrayList<>();

    String profile = overrides.withFallback(files).getString("wsload.profile");
    Config profileConfig;
    if (profiles.contains(profile)) {
      profileConfig = files.getConfig("wsload.profiles").getConfig(com.typesafe.config.ConfigUtil.joinPath(profile));
    } else {
      problems.add("wsload.profile = '" + profile + "': unknown profile; known profiles: " + String.join(", ", new TreeSet<>(profiles)));
      profileConfig = com.typesafe.config.ConfigFactory.empty();
    }
    Config config;
    try {
      config = ConfigLayers.stack(overrides, files, profileConfig);
    } catch (ConfigException e) {
      throw new InvalidConfigException(List.of(e.getMessage()));
    }
    UnknownKeys.check(files, config, OPEN_MAPS, problems);
    T result = what.apply(new Reader(config.getConfig("wsload"), problems), profile);
    return new Parsed<>(result, problems);
  }

  /** wsload.scenario as this run's simulation reads it: its own keys, declared by reading them. */
  public ScenarioSettings scenarioSettings() {
    return new ScenarioSettings(scenario);
  }

  private static Config scenarioSection(Config wsload) {
    return wsload.hasPath(ScenarioSettings.SECTION) ? wsload.getConfig(ScenarioSettings.SECTION)
        : com.typesafe.config.ConfigFactory.empty();
  }

  /** Duration of the whole run: injection, the hold, then the ramp-down. */
  public Duration runDuration() {
    return holdEnd().plus(rampDown);
  }

  /** From the first user's start to the end of the hold, when the first users leave. */
  public Duration holdEnd() {
    return injection.duration(users).plus(hold);
  }

  /** True until the target and source-IP CSV files named in the configuration have been read. */
  public boolean hasFilesToRead() {
    return !targetFiles.isEmpty() || !sourceIpsFile.isEmpty();
  }

  /**
   * This configuration with the contents of its CSV files (read by preflight) added, cut to this shard's
   * share. A share that cannot be disjoint from the other shards' is a problem added to {@code problems}.
   */
  public LoadTestConfig withFileContents(List<Target> fileTargets, List<InetAddress> fileSourceIps, List<String> problems) {
    List<Target> allTargets = new ArrayList<>(targets);
    allTargets.addAll(fileTargets);
    List<InetAddress> allIps = new ArrayList<>(sourceIps);
    allIps.addAll(fileSourceIps);
    return sliced(List.copyOf(allTargets), List.copyOf(allIps), problems);
  }

  /** Disjoint (source IP, target) pairs per shard: slice the source IPs, else the targets. */
  private LoadTestConfig sliced(List<Target> allTargets, List<InetAddress> allIps, List<String> problems) {
    List<Target> t = allTargets;
    List<InetAddress> ips = allIps;
    int count = shard.count();
    if (count > 1) {
      if (ips.size() >= count) {
        ips = ShardSlice.slice(ips, shard.index(), count);
      } else if (t.size() >= count) {
        t = ShardSlice.slice(t, shard.index(), count);
      } else if (!ips.isEmpty()) {
        problems.add(problem("shard.count", count, "needs at least as many source IPs (" + ips.size()
            + ") or targets (" + t.size() + ") as shards, so no two shards share a (source IP, target)"
            + " pair; add source IPs (e.g. -Dwsload.source-ips=127.0.0.2-127.0.0." + (1 + count)
            + ") or target ports, or use fewer shards"));
      }
    }
    return new LoadTestConfig(profile, embeddedTarget, targetEntries, t, List.of(), allowRemoteTargets, users,
        injection, hold, rampDown, heartbeat, echo, ips, "", assertions, server, shard, tls, handshakeHeaders, metrics, push,
        userHandshake, scenario, protocol, keepAlive);
  }

  /** "wsload.KEY = VALUE: WHAT", the form of every problem. */
  public static String problem(String key, Object value, String what) {
    return "wsload." + key + " = " + value + ": " + what;
  }

  /** Reads the configuration section by section: each settings record reads its own keys. */
  private static final class Reader extends KeyReader {

    Reader(Config c, List<String> problems) {
      super(c, problems);
    }

    LoadTestConfig read(String profile) {
      int totalUsers = positiveInt("users", "-Dusers=1000");
      Shard shard = shard(totalUsers);
      int users = ShardSlice.share(totalUsers, shard.index(), shard.count());
      Injection injection = Injection.read(this, users, shard.count());
      Duration hold = positiveDuration("hold");
      Duration rampDown = nonNegativeDuration("ramp-down");
      Heartbeat heartbeat = Heartbeat.read(this);
      ServerSettings server = ServerSettings.read(this, heartbeat);
      Echo echo = Echo.read(this, server);
      boolean allowRemote = bool("allow-remote-targets");
      List<String> targetSpec = stringList("target");
      boolean embedded = targetSpec.size() == 1 && targetSpec.get(0).equals(EMBEDDED);
      List<String> targetFiles = new ArrayList<>();
      List<Target> targets = embedded ? List.of() : targets(targetSpec, targetFiles);
      String sourceIpsFile = string("source-ips-csv", "");
      List<InetAddress> sourceIps = sourceIpsFile.isBlank() ? sourceIps() : List.of();
      AssertionLimits assertions = AssertionLimits.read(this);
      ClientTls tls = ClientTls.read(this);
      HandshakeHeaders headers = HandshakeHeaders.read(this);
      MetricsSettings metrics = MetricsSettings.read(this, shard.index(), shard.count());
      List<String> entries = embedded ? List.of() : targetSpec;
      LoadTestConfig config = new LoadTestConfig(profile, embedded, entries, targets, List.copyOf(targetFiles),
          allowRemote, users, injection, hold, rampDown, heartbeat, echo, sourceIps, sourceIpsFile.strip(), assertions, server,
          shard, tls, headers, metrics, Push.read(this), UserHandshake.read(this), scenarioSection(c),
          ProtocolSettings.read(this), bool("keep-alive"));
      // With CSV files to read, the shard's share is cut once preflight has read them.
      return config.hasFilesToRead() ? config : config.sliced(targets, sourceIps, problems);
    }

    ServerProcess serverProcess() {
      ServerSettings server = ServerSettings.read(this, Heartbeat.read(this));
      Shard shard = shard(0);
      MetricsSettings metrics = MetricsSettings.read(this, shard.index(), shard.count());
      return new ServerProcess(server, metrics,
          nonNegativeInt("server.warm-up-connections", "must be 0 (no warm-up) or more"));
    }

    private Shard shard(int totalUsers) {
      int count = positiveInt("shard.count", "-Dwsload.shard.count=4");
      int index = integer("shard.index", 0);
      if (index < 0 || index >= count) {
        problem("shard.index", index, "must be between 0 and wsload.shard.count - 1 (" + (count - 1) + ")");
        index = 0;
      }
      if (totalUsers > 0 && count > totalUsers) {
        problem("shard.count", count, "is more than users (" + totalUsers + "): some shards would have nobody to run");
      }
      Duration readyTimeout = positiveDuration("shard.ready-timeout");
      int warmUpUsers = attempt("shard.warm-up-users", () -> c.getInt("shard.warm-up-users"), 0);
      if (warmUpUsers < 0) {
        problem("shard.warm-up-users", warmUpUsers, "must be 0 (no warm-up) or more");
        warmUpUsers = 0;
      }
      return new Shard(index, count, totalUsers, readyTimeout, warmUpUsers);
    }

    /** URL entries are parsed here; csv:FILE entries go to {@code files}, read by preflight. */
    private List<Target> targets(List<String> spec, List<String> files) {
      List<Target> targets = new ArrayList<>();
      if (spec.isEmpty()) {
        problem("target", "[]", "is empty; give 'embedded', ws:// URLs or csv:FILE");
        return targets;
      }
      for (String entry : spec) {
        if (entry.startsWith("csv:")) {
          files.add(entry.substring(4));
        } else if (entry.equals(EMBEDDED)) {
          problem("target", entry, "'embedded' cannot be mixed with other targets");
        } else {
          try {
            targets.add(Target.parseUrl(entry));
          } catch (IllegalArgumentException e) {
            problem("target", entry, e.getMessage());
          }
        }
      }
      return targets;
    }

    private List<InetAddress> sourceIps() {
      try {
        return IpRanges.parse(stringList("source-ips"));
      } catch (IllegalArgumentException e) {
        problem("source-ips", stringList("source-ips"), e.getMessage());
        return List.of();
      }
    }
  }
}
