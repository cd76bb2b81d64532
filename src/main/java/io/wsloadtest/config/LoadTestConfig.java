package io.wsloadtest.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import java.net.InetAddress;
import java.nio.file.Path;
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
    Heartbeat heartbeat,
    Echo echo,
    List<InetAddress> sourceIps,
    String sourceIpsFile,
    Assertions assertions,
    ServerSettings server,
    Shard shard,
    ClientTls tls,
    HandshakeHeaders handshakeHeaders,
    MetricsSettings metrics,
    Push push,
    UserHandshake userHandshake) {

  /**
   * Shard {@code index} of {@code count}; {@code totalUsers} is the whole run's, {@code users} this shard's share.
   * {@code readyTimeout}: how long a shard may take to get ready; {@code warmUpUsers}: users of its warm-up (0 none).
   */
  public record Shard(int index, int count, int totalUsers, Duration readyTimeout, int warmUpUsers) {}

  public static final String EMBEDDED = "embedded";
  /** Sections whose keys are the user's own (header names), not ours: exempt from the unknown-key check. */
  private static final Set<String> OPEN_MAPS = Set.of("handshake.headers", "handshake.user-headers",
      "handshake.user-query");

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
    return read(systemProperties, env,
        (reader, profile) -> new ServerProcess(reader.server(reader.heartbeat()), reader.metrics(reader.shard(0)),
            reader.serverWarmUp()));
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

  /** Duration of the whole run: injection, then the hold. */
  public Duration runDuration() {
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
        injection, hold, heartbeat, echo, ips, "", assertions, server, shard, tls, handshakeHeaders, metrics, push,
        userHandshake);
  }

  /** "wsload.KEY = VALUE: WHAT", the form of every problem. */
  public static String problem(String key, Object value, String what) {
    return "wsload." + key + " = " + value + ": " + what;
  }

  /** Reads each key, recording a problem instead of failing on the first. */
  private static final class Reader extends KeyReader {

    Reader(Config c, List<String> problems) {
      super(c, problems);
    }

    LoadTestConfig read(String profile) {
      int totalUsers = positiveInt("users", "-Dusers=1000");
      Shard shard = shard(totalUsers);
      int users = ShardSlice.share(totalUsers, shard.index(), shard.count());
      Injection injection = injection(users, shard.count());
      Duration hold = positiveDuration("hold");
      Heartbeat heartbeat = heartbeat();
      ServerSettings server = server(heartbeat);
      Echo echo = echo(server);
      boolean allowRemote = bool("allow-remote-targets");
      List<String> targetSpec = stringList("target");
      boolean embedded = targetSpec.size() == 1 && targetSpec.get(0).equals(EMBEDDED);
      List<String> targetFiles = new ArrayList<>();
      List<Target> targets = embedded ? List.of() : targets(targetSpec, targetFiles);
      String sourceIpsFile = attempt("source-ips-csv", () -> c.getString("source-ips-csv"), "");
      List<InetAddress> sourceIps = sourceIpsFile.isBlank() ? sourceIps() : List.of();
      Assertions assertions = assertions();
      ClientTls tls = tls();
      HandshakeHeaders headers = handshakeHeaders();
      MetricsSettings metrics = metrics(shard);
      List<String> entries = embedded ? List.of() : targetSpec;
      LoadTestConfig config = new LoadTestConfig(profile, embedded, entries, targets, List.copyOf(targetFiles),
          allowRemote, users, injection, hold, heartbeat, echo, sourceIps, sourceIpsFile.strip(), assertions, server,
          shard, tls, headers, metrics,
          new Push(attempt("push.subscribe", () -> c.getString("push.subscribe"), "")), userHandshake());
      // With CSV files to read, the shard's share is cut once preflight has read them.
      return config.hasFilesToRead() ? config : config.sliced(targets, sourceIps, problems);
    }

    private Shard shard(int totalUsers) {
      int count = positiveInt("shard.count", "-Dwsload.shard.count=4");
      int index = attempt("shard.index", () -> c.getInt("shard.index"), 0);
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

    private Injection injection(int users, int shards) {
      Injection.Type type = attempt("injection.type", () -> Injection.Type.parse(c.getString("injection.type")), Injection.Type.RAMP);
      Duration ramp = type == Injection.Type.RAMP ? positiveDuration("ramp") : Duration.ofSeconds(1);
      // Each shard arrives at its share of the rate, so all shards finish their ramp together.
      double rate = type == Injection.Type.RATE ? positiveDouble("injection.rate") / shards : 1;
      int stepCount = 1;
      Duration stepRamp = Duration.ofSeconds(1);
      Duration stepHold = Duration.ofSeconds(1);
      if (type == Injection.Type.STEPS) {
        stepCount = positiveInt("injection.steps.count", "-Dwsload.injection.steps.count=5");
        stepRamp = positiveDuration("injection.steps.ramp");
        stepHold = positiveDuration("injection.steps.hold");
        if (users > 0 && stepCount > users) {
          problem("injection.steps.count", stepCount, "must not exceed users (" + users + ")");
        }
      }
      return new Injection(type, ramp, rate, stepCount, stepRamp, stepHold);
    }

    private Heartbeat heartbeat() {
      Duration interval = positiveDuration("heartbeat.interval");
      Duration timeout = positiveDuration("heartbeat.timeout");
      if (interval != null && timeout != null && timeout.compareTo(interval) >= 0) {
        problem("heartbeat.timeout", c.getValue("heartbeat.timeout").unwrapped(),
            "must be shorter than wsload.heartbeat.interval (" + c.getValue("heartbeat.interval").unwrapped() + ")");
      }
      String request = nonEmptyString("heartbeat.request");
      String reply = nonEmptyString("heartbeat.reply");
      int maxReconnects = attempt("heartbeat.max-reconnects", () -> c.getInt("heartbeat.max-reconnects"), 0);
      if (maxReconnects < 0) {
        problem("heartbeat.max-reconnects", maxReconnects, "must be 0 or more");
      }
      String modeName = attempt("heartbeat.mode", () -> c.getString("heartbeat.mode"), "ping");
      Heartbeat.Mode mode = Heartbeat.Mode.TEXT;
      switch (modeName) {
        case "text" -> mode = Heartbeat.Mode.TEXT;
        case "ping" -> mode = Heartbeat.Mode.PING;
        default -> problem("heartbeat.mode", modeName, "must be text (request/reply messages) or ping (ping/pong control frames)");
      }
      int deadAfter = positiveInt("heartbeat.dead-after", "-Dwsload.heartbeat.dead-after=2");
      Duration backoff = positiveDuration("heartbeat.reconnect-backoff");
      Duration backoffMax = positiveDuration("heartbeat.reconnect-backoff-max");
      if (backoffMax.compareTo(backoff) < 0) {
        problem("heartbeat.reconnect-backoff-max", c.getValue("heartbeat.reconnect-backoff-max").unwrapped(),
            "must not be shorter than wsload.heartbeat.reconnect-backoff (" + c.getValue("heartbeat.reconnect-backoff").unwrapped() + ")");
      }
      String matchName = attempt("heartbeat.reply-match", () -> c.getString("heartbeat.reply-match"), "exact");
      Heartbeat.ReplyMatch match = Heartbeat.ReplyMatch.EXACT;
      switch (matchName) {
        case "exact" -> match = Heartbeat.ReplyMatch.EXACT;
        case "regex" -> match = regex("heartbeat.reply", reply) ? Heartbeat.ReplyMatch.REGEX : match;
        case "jsonpath" -> match = Heartbeat.ReplyMatch.JSONPATH;
        default -> problem("heartbeat.reply-match", matchName, "must be exact, regex or jsonpath");
      }
      return new Heartbeat(interval, timeout, request, reply, maxReconnects, mode, deadAfter, backoff, backoffMax,
          match);
    }

    private boolean regex(String key, String value) {
      try {
        java.util.regex.Pattern.compile(value);
        return true;
      } catch (java.util.regex.PatternSyntaxException e) {
        problem(key, value, "is not a valid regular expression: " + e.getDescription());
        return false;
      }
    }

    private Echo echo(ServerSettings server) {
      String type = attempt("echo.type", () -> c.getString("echo.type"), "text");
      if (!type.equals("text") && !type.equals("binary")) {
        problem("echo.type", type, "must be text or binary");
      }
      int size = positiveInt("echo.size", "-Dwsload.echo.size=64");
      if (server != null && size > server.maxFrameBytes()) {
        problem("echo.size", size, "is larger than the server's frame limit wsload.server.max-frame-bytes ("
            + server.maxFrameBytes() + "); the server would close with 1009");
      }
      int count = attempt("echo.count", () -> c.getInt("echo.count"), 0);
      if (count < 0) {
        problem("echo.count", count, "must be 0 (until the end of the hold) or more");
      }
      return new Echo(type.equals("binary"), size, count, positiveDuration("echo.interval"), positiveDuration("echo.timeout"));
    }

    private int serverWarmUp() {
      int n = attempt("server.warm-up-connections", () -> c.getInt("server.warm-up-connections"), 0);
      if (n < 0) {
        problem("server.warm-up-connections", n, "must be 0 (no warm-up) or more");
      }
      return Math.max(n, 0);
    }

    private ServerSettings server(Heartbeat heartbeat) {
      String host = nonEmptyString("server.host");
      List<Integer> ports = new ArrayList<>();
      for (String p : stringList("server.ports")) {
        try {
          int port = Integer.parseInt(p.trim());
          if (port < 0 || port > 65_535) throw new NumberFormatException();
          ports.add(port);
        } catch (NumberFormatException e) {
          problem("server.ports", p, "each port must be a number 0-65535 (0 = any free port)");
        }
      }
      if (ports.isEmpty()) {
        problem("server.ports", "[]", "needs at least one port");
      }
      String path = nonEmptyString("server.path");
      if (path != null && !path.startsWith("/")) {
        problem("server.path", path, "must start with /");
      }
      int maxFrame = positiveInt("server.max-frame-bytes", "-Dwsload.server.max-frame-bytes=65536");
      int backlog = positiveInt("server.backlog", "-Dwsload.server.backlog=8192");
      int workers = attempt("server.worker-threads", () -> c.getInt("server.worker-threads"), 0);
      if (workers < 0) {
        problem("server.worker-threads", workers, "must be 0 (two per core) or more");
      }
      int maxConnections = attempt("server.max-connections", () -> c.getInt("server.max-connections"), 0);
      if (maxConnections < 0) {
        problem("server.max-connections", maxConnections, "must be 0 (as many as the open-files limit allows) or more");
      }
      Duration handshakeTimeout = positiveDuration("server.handshake-timeout");
      return new ServerSettings(host, ports, path, maxFrame, backlog, workers,
          heartbeat.request(), heartbeat.reply(), maxConnections, handshakeTimeout, serverTls(), faults(), broadcast());
    }

    private ServerSettings.Tls serverTls() {
      if (!bool("server.tls.enabled")) {
        return ServerSettings.Tls.OFF;
      }
      String chain = attempt("server.tls.cert-chain", () -> c.getString("server.tls.cert-chain"), "");
      String key = attempt("server.tls.key", () -> c.getString("server.tls.key"), "");
      if (chain.isBlank() && key.isBlank()) {
        return ServerSettings.Tls.SELF_SIGNED;
      }
      if (chain.isBlank() || key.isBlank()) {
        String missing = chain.isBlank() ? "server.tls.cert-chain" : "server.tls.key";
        problem(missing, "\"\"", "wsload.server.tls.cert-chain and wsload.server.tls.key go together (PEM files);"
            + " give both, or neither for a self-signed certificate");
        return ServerSettings.Tls.SELF_SIGNED;
      }
      return new ServerSettings.Tls(true, Path.of(chain), Path.of(key));
    }

    private ClientTls tls() {
      boolean trustAll = bool("tls.trust-all");
      String store = attempt("tls.trust-store", () -> c.getString("tls.trust-store"), "");
      String password = attempt("tls.trust-store-password", () -> c.getString("tls.trust-store-password"), "");
      if (store.isBlank()) {
        return new ClientTls(trustAll, null, password);
      }
      if (trustAll) {
        problem("tls.trust-all", true, "accepts any certificate, so wsload.tls.trust-store (" + store
            + ") would be ignored; set one or the other");
      }
      return new ClientTls(trustAll, Path.of(store), password);
    }

    /** Header names are checked; values are secrets and never appear in a message. */
    private HandshakeHeaders handshakeHeaders() {
      Map<String, String> headers = new java.util.LinkedHashMap<>();
      if (!c.hasPath("handshake.headers")) {
        return HandshakeHeaders.NONE;
      }
      com.typesafe.config.ConfigObject root;
      try {
        root = c.getObject("handshake.headers");
      } catch (ConfigException e) {
        problem("handshake.headers", "(hidden)", "must be an object of header names and values,"
            + " e.g. headers { Authorization = ${?LOADTEST_TOKEN} }");
        return HandshakeHeaders.NONE;
      }
      root.forEach((name, value) -> {
        String key = "handshake.headers." + name;
        if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
          problem(key, "(hidden)", "'" + name + "' is not a valid HTTP header name");
        } else if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST
            || value.valueType() == ConfigValueType.NULL) {
          problem(key, "(hidden)", "must be a string");
        } else {
          String v = String.valueOf(value.unwrapped());
          if (v.chars().anyMatch(ch -> ch == '\r' || ch == '\n' || ch == 0)) {
            problem(key, "(hidden)", "must not contain line breaks");
          } else {
            headers.put(name, v);
          }
        }
      });
      return new HandshakeHeaders(headers);
    }

    /** Subprotocol, Origin, and per-user templates ("#{column}" of handshake.users-csv); values never printed. */
    private UserHandshake userHandshake() {
      String csv = attempt("handshake.users-csv", () -> c.getString("handshake.users-csv"), "");
      Map<String, String> headers = templates("handshake.user-headers", true);
      Map<String, String> query = templates("handshake.user-query", false);
      if (csv.isEmpty() && !(headers.isEmpty() && query.isEmpty())) {
        problem("handshake.users-csv", "\"\"", "is needed by wsload.handshake.user-headers / user-query"
            + " (their #{column} values come from it), e.g. -Dwsload.handshake.users-csv=users.csv");
      }
      return new UserHandshake(attempt("handshake.subprotocol", () -> c.getString("handshake.subprotocol"), ""),
          attempt("handshake.origin", () -> c.getString("handshake.origin"), ""), csv, headers, query);
    }

    private Map<String, String> templates(String path, boolean headerNames) {
      Map<String, String> result = new java.util.LinkedHashMap<>();
      if (!c.hasPath(path)) {
        return result;
      }
      try {
        c.getObject(path).forEach((name, value) -> {
          if (headerNames && !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            problem(path + "." + name, "(hidden)", "'" + name + "' is not a valid HTTP header name");
          } else if (value.valueType() != ConfigValueType.STRING) {
            problem(path + "." + name, "(hidden)", "must be a string, e.g. \"Bearer #{token}\"");
          } else {
            result.put(name, (String) value.unwrapped());
          }
        });
      } catch (ConfigException e) {
        problem(path, "(hidden)", "must be an object of names and values, e.g. { Authorization = \"Bearer #{token}\" }");
      }
      return result;
    }

    private ServerFaults faults() {
      Duration silentAfter = nonNegativeDuration("server.fault.silent-after");
      Duration replyDelay = nonNegativeDuration("server.fault.reply-delay");
      double fraction = attempt("server.fault.close-fraction", () -> c.getDouble("server.fault.close-fraction"), 0.0);
      if (fraction < 0 || fraction > 1) {
        problem("server.fault.close-fraction", fraction, "must be between 0 (no connection) and 1 (every connection), e.g. 0.1");
        fraction = 0;
      }
      int code = attempt("server.fault.close-code", () -> c.getInt("server.fault.close-code"), 1008);
      if (!ServerFaults.sendableCloseCode(code)) {
        problem("server.fault.close-code", code, "is not a close code a server may send; use 1000-1003, 1007-1014"
            + " or 3000-4999 (1005, 1006 and 1015 are never sent on the wire)");
      }
      Duration closeAfter = positiveDuration("server.fault.close-after");
      return new ServerFaults(silentAfter, replyDelay, fraction, code, closeAfter);
    }

    private ServerBroadcast broadcast() {
      double rate = attempt("server.broadcast.rate", () -> c.getDouble("server.broadcast.rate"), 0.0);
      if (rate < 0 || rate > 1000) {
        problem("server.broadcast.rate", rate, "must be 0 (off) to 1000 messages a second to each connection, e.g. 10");
        rate = 0;
      }
      int dataBytes = attempt("server.broadcast.data-bytes", () -> c.getInt("server.broadcast.data-bytes"), 16);
      if (dataBytes < 0) {
        problem("server.broadcast.data-bytes", dataBytes, "must be 0 or more");
        dataBytes = 0;
      }
      String subscribe = nonEmptyString("server.broadcast.subscribe");
      return new ServerBroadcast(rate, dataBytes, subscribe);
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

    private Assertions assertions() {
      double maxKo = attempt("assertions.max-ko-percent", () -> c.getDouble("assertions.max-ko-percent"), 0.0);
      if (maxKo < 0 || maxKo > 100) {
        problem("assertions.max-ko-percent", maxKo, "must be between 0 and 100");
      }
      int maxP99 = positiveInt("assertions.max-p99-ms", "-Dwsload.assertions.max-p99-ms=2000");
      return new Assertions(maxKo, maxP99);
    }

    private MetricsSettings metrics(Shard shard) {
      boolean enabled = bool("metrics.enabled");
      String host = nonEmptyString("metrics.host");
      int port = attempt("metrics.port", () -> c.getInt("metrics.port"), 0);
      if (port < 0 || port > 65_535) {
        problem("metrics.port", port, "must be a port 1-65535, or 0 for any free port (printed at start)");
      }
      String targetsDir = attempt("metrics.targets-dir", () -> c.getString("metrics.targets-dir"), "");
      Duration linger = attempt("metrics.linger", () -> c.getDuration("metrics.linger"), Duration.ZERO);
      if (linger.isNegative()) {
        problem("metrics.linger", c.getValue("metrics.linger").unwrapped(), "must be 0s or more");
      }
      Duration progress = positiveDuration("metrics.progress-interval");
      return new MetricsSettings(enabled, host, port, targetsDir, linger, progress, shard.index(), shard.count());
    }
  }
}
