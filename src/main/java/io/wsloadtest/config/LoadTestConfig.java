package io.wsloadtest.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.wsloadtest.feeders.SourceIps;
import io.wsloadtest.feeders.Target;
import io.wsloadtest.feeders.TargetCsv;
import io.wsloadtest.preflight.OsLimits;
import io.wsloadtest.server.ServerFaults;
import io.wsloadtest.server.ServerSettings;
import io.wsloadtest.shards.ShardSlice;
import io.wsloadtest.tls.ClientTrust;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The whole run configuration, loaded once, typed, immutable and validated before any load starts.
 * Every problem found is reported together, each naming the key, the bad value and what is allowed.
 */
public record LoadTestConfig(
    String profile,
    boolean embeddedTarget,
    List<Target> targets,
    boolean allowRemoteTargets,
    int users,
    Injection injection,
    Duration hold,
    Heartbeat heartbeat,
    Echo echo,
    List<InetAddress> sourceIps,
    Assertions assertions,
    ServerSettings server,
    Shard shard,
    ClientTls tls,
    HandshakeHeaders handshakeHeaders,
    MetricsSettings metrics,
    Push push,
    UserHandshake userHandshake) {

  /** Shard {@code index} of {@code count}; {@code totalUsers} is the whole run's, {@code users} this shard's share. */
  public record Shard(int index, int count, int totalUsers) {}

  public static final String EMBEDDED = "embedded";
  /** Sections whose keys are the user's own (header names), not ours: exempt from the unknown-key check. */
  private static final Set<String> OPEN_MAPS = Set.of("handshake.headers", "handshake.user-headers",
      "handshake.user-query");

  /** Loads from this JVM's system properties, its environment and the classpath config files. */
  public static LoadTestConfig load() {
    return load(System.getProperties(), System.getenv(), OsLimits.openFilesLimit());
  }

  /** Loads with explicit sources: tests pass their own properties, environment and fd limit. */
  public static LoadTestConfig load(Properties systemProperties, Map<String, String> env, long openFilesLimit) {
    return read(systemProperties, env, (reader, profile) -> reader.read(profile, openFilesLimit));
  }

  /**
   * Only what an echo server process needs (wsload.server, the heartbeat texts, wsload.metrics), validated the same way;
   * the client side of the configuration (users, targets...) is not the server's business.
   */
  public static ServerProcess loadServerProcess() {
    return read(System.getProperties(), System.getenv(),
        (reader, profile) -> new ServerProcess(reader.server(reader.heartbeat()), reader.metrics(reader.shard(0))));
  }

  /** What an echo server process is configured with. */
  public record ServerProcess(ServerSettings server, MetricsSettings metrics) {}

  private static <T> T read(Properties systemProperties, Map<String, String> env,
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
    unknownKeys(files, config, problems);
    T result = what.apply(new Reader(config.getConfig("wsload"), problems), profile);
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return result;
  }

  /** A typo such as wsload.usres must not be silently ignored. */
  private static void unknownKeys(Config files, Config config, List<String> problems) {
    Set<String> known = files.getConfig("wsload").withoutPath("profiles").entrySet().stream()
        .map(Map.Entry::getKey).collect(Collectors.toSet());
    for (Map.Entry<String, ConfigValue> e : config.getConfig("wsload").withoutPath("profiles").entrySet()) {
      String key = e.getKey();
      boolean listElement = known.stream().anyMatch(k -> key.startsWith(k + "."))
          || OPEN_MAPS.stream().anyMatch(m -> key.startsWith(m + "."));
      if (!known.contains(key) && !listElement) {
        problems.add("wsload." + key + " (from " + e.getValue().origin().description() + "): unknown key"
            + closest(key, known).map(k -> "; did you mean wsload." + k + "?").orElse(""));
      }
    }
  }

  private static java.util.Optional<String> closest(String key, Set<String> known) {
    return known.stream()
        .filter(k -> editDistance(k, key) <= 3)
        .min((a, b) -> editDistance(a, key) - editDistance(b, key));
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      int[] cur = new int[b.length() + 1];
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      prev = cur;
    }
    return prev[b.length()];
  }

  /** Duration of the whole run: injection, then the hold. */
  public Duration runDuration() {
    return injection.duration(users).plus(hold);
  }

  /** Reads each key, recording a problem instead of failing on the first. */
  private static final class Reader {
    private final Config c;
    private final List<String> problems;

    Reader(Config c, List<String> problems) {
      this.c = c;
      this.problems = problems;
    }

    LoadTestConfig read(String profile, long openFilesLimit) {
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
      List<Target> targets = embedded ? List.of() : targets(targetSpec, allowRemote);
      List<InetAddress> sourceIps = sourceIps();
      if (shard.count() > 1) {
        // Disjoint (source IP, target) pairs per shard: slice the source IPs, else the targets.
        if (sourceIps.size() >= shard.count()) {
          sourceIps = ShardSlice.slice(sourceIps, shard.index(), shard.count());
        } else if (targets.size() >= shard.count()) {
          targets = ShardSlice.slice(targets, shard.index(), shard.count());
        } else if (!sourceIps.isEmpty()) {
          problem("shard.count", shard.count(), "needs at least as many source IPs (" + sourceIps.size()
              + ") or targets (" + targets.size() + ") as shards, so no two shards share a (source IP, target)"
              + " pair; add source IPs (e.g. -Dwsload.source-ips=127.0.0.2-127.0.0." + (1 + shard.count())
              + ") or target ports, or use fewer shards");
        }
      }
      Assertions assertions = assertions();
      checkOpenFiles(users, embedded, openFilesLimit);
      ClientTls tls = tls();
      HandshakeHeaders headers = handshakeHeaders();
      MetricsSettings metrics = metrics(shard);
      return new LoadTestConfig(profile, embedded, targets, allowRemote, users, injection, hold, heartbeat, echo,
          sourceIps, assertions, server, shard, tls, headers, metrics,
          new Push(attempt("push.subscribe", () -> c.getString("push.subscribe"), "")), userHandshake());
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
      return new Shard(index, count, totalUsers);
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
          heartbeat.request(), heartbeat.reply(), maxConnections, handshakeTimeout, serverTls(), faults());
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
      boolean ok = true;
      for (String k : List.of("server.tls.cert-chain", "server.tls.key")) {
        Path file = Path.of(c.getString(k));
        if (!java.nio.file.Files.isReadable(file)) {
          problem(k, file, "file not found: " + file.toAbsolutePath());
          ok = false;
        }
      }
      return ok ? new ServerSettings.Tls(true, Path.of(chain), Path.of(key)) : ServerSettings.Tls.SELF_SIGNED;
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
      try {
        ClientTrust.load(Path.of(store), password);
      } catch (IllegalArgumentException e) {
        problem("tls.trust-store", store, e.getMessage());
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

    private List<Target> targets(List<String> spec, boolean allowRemote) {
      List<Target> targets = new ArrayList<>();
      if (spec.isEmpty()) {
        problem("target", "[]", "is empty; give 'embedded', ws:// URLs or csv:FILE");
        return targets;
      }
      for (String entry : spec) {
        if (entry.startsWith("csv:")) {
          try {
            for (Target t : TargetCsv.read(Path.of(entry.substring(4)))) {
              targets.add(t);
              checkReachable(t, allowRemote, entry);
            }
          } catch (IllegalArgumentException e) {
            problem("target", entry, e.getMessage());
          }
        } else if (entry.equals(EMBEDDED)) {
          problem("target", entry, "'embedded' cannot be mixed with other targets");
        } else {
          try {
            Target t = Target.parseUrl(entry);
            targets.add(t);
            checkReachable(t, allowRemote, entry);
          } catch (IllegalArgumentException e) {
            problem("target", entry, e.getMessage());
          }
        }
      }
      return targets;
    }

    /** Unknown hosts fail now, not as 100k KOs; non-loopback hosts need an explicit opt-in. */
    private void checkReachable(Target t, boolean allowRemote, String entry) {
      // A CSV entry names its file; say which of its targets is meant.
      String which = entry.startsWith("csv:") ? "target " + t.url() + ": " : "";
      InetAddress[] addresses;
      try {
        addresses = InetAddress.getAllByName(t.host());
      } catch (UnknownHostException e) {
        problem("target", entry, which + "unknown host '" + t.host() + "'");
        return;
      }
      boolean loopback = Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
      if (!loopback && !allowRemote) {
        problem("target", entry, which + "host " + t.host() + " is not a loopback address; to load-test another host"
            + " on purpose set -Dwsload.allow-remote-targets=true");
      }
    }

    private List<InetAddress> sourceIps() {
      List<InetAddress> ips = new ArrayList<>();
      String csv = attempt("source-ips-csv", () -> c.getString("source-ips-csv"), "");
      try {
        ips = csv.isBlank() ? SourceIps.parse(stringList("source-ips")) : SourceIps.readCsv(Path.of(csv));
      } catch (IllegalArgumentException e) {
        problem(csv.isBlank() ? "source-ips" : "source-ips-csv", csv.isBlank() ? stringList("source-ips") : csv, e.getMessage());
        return List.of();
      }
      for (InetAddress ip : ips) {
        if (!SourceIps.isLocal(ip)) {
          problem(csv.isBlank() ? "source-ips" : "source-ips-csv", ip.getHostAddress(),
              "is not assigned to any interface of this host (add it, e.g. `ip addr add " + ip.getHostAddress()
                  + "/32 dev lo`, or remove it)");
        }
      }
      return ips;
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

    /** Each connection costs a socket in this process, two when the server is embedded here too. */
    private void checkOpenFiles(int users, boolean embedded, long openFilesLimit) {
      if (openFilesLimit <= 0 || users <= 0) {
        return;
      }
      long socketsNeeded = (long) users * (embedded ? 2 : 1);
      long available = OsLimits.socketsPerProcess(openFilesLimit);
      if (socketsNeeded > available) {
        String fix = embedded
            ? "run the server as its own process (bin/echo-server) and set -Dtarget=ws://127.0.0.1:PORT/echo, "
            : "";
        problem("users", users, "needs " + socketsNeeded + " sockets in this process but the open-files limit ("
            + openFilesLimit + ") leaves room for " + available + "; " + fix + "raise `ulimit -n`, or split the run"
            + " into shards of at most " + (embedded ? available / 2 : available) + " users");
      }
    }

    // --- typed getters that record problems -------------------------------------------------------

    private int positiveInt(String key, String example) {
      if (c.hasPath(key) && c.getValue(key).valueType() == ConfigValueType.STRING
          && !String.valueOf(c.getValue(key).unwrapped()).trim().matches("[+-]?\\d+")) {
        problem(key, c.getValue(key).unwrapped(), "must be a number: a whole number greater than 0 (e.g. " + example + ")");
        return 1;
      }
      int v = attempt(key, () -> c.getInt(key), 1);
      if (v <= 0) {
        problem(key, v, "must be a whole number greater than 0 (e.g. " + example + ")");
      }
      return v;
    }

    private double positiveDouble(String key) {
      double v = attempt(key, () -> c.getDouble(key), 1.0);
      if (v <= 0) {
        problem(key, v, "must be a number greater than 0");
      }
      return v;
    }

    private Duration positiveDuration(String key) {
      Duration d = attempt(key, () -> c.getDuration(key), null);
      if (d != null && (d.isZero() || d.isNegative())) {
        problem(key, c.getValue(key).unwrapped(), "must be a duration greater than zero, such as 30s, 5m or 500ms");
        return Duration.ofSeconds(1);
      }
      return d == null ? Duration.ofSeconds(1) : d;
    }

    /** Zero allowed (it means "off" for the fault keys). */
    private Duration nonNegativeDuration(String key) {
      Duration d = attempt(key, () -> c.getDuration(key), Duration.ZERO);
      if (d.isNegative()) {
        problem(key, c.getValue(key).unwrapped(), "must be 0 (off) or a duration such as 500ms or 2s");
        return Duration.ZERO;
      }
      return d;
    }

    private boolean bool(String key) {
      return attempt(key, () -> c.getBoolean(key), false);
    }

    private String nonEmptyString(String key) {
      String s = attempt(key, () -> c.getString(key), "");
      if (s.isEmpty() && c.hasPath(key)) {
        problem(key, "\"\"", "must not be empty");
      }
      return s;
    }

    /** A HOCON list, or a comma-separated string as given on the command line. */
    private List<String> stringList(String key) {
      return attempt(key, () -> {
        if (c.getValue(key).valueType() == ConfigValueType.LIST) {
          return c.getList(key).stream().map(v -> String.valueOf(v.unwrapped()).trim()).toList();
        }
        String raw = String.valueOf(c.getValue(key).unwrapped()).trim();
        return raw.isEmpty() ? List.<String>of() : Arrays.stream(raw.split(",")).map(String::trim).toList();
      }, List.of());
    }

    private <T> T attempt(String key, Supplier<T> get, T fallback) {
      try {
        return get.get();
      } catch (ConfigException.Missing e) {
        problem(key, "(missing)", "is required");
      } catch (ConfigException.WrongType | ConfigException.BadValue e) {
        Object raw = c.hasPath(key) ? c.getValue(key).unwrapped() : "?";
        problem(key, raw, describe(e));
      } catch (IllegalArgumentException e) {
        problem(key, c.hasPath(key) ? c.getValue(key).unwrapped() : "?", e.getMessage());
      }
      return fallback;
    }

    private static String describe(ConfigException e) {
      String m = e.getMessage();
      if (m.contains("NUMBER")) return "must be a number";
      if (m.contains("BOOLEAN")) return "must be true or false";
      if (m.contains("duration") || m.contains("time unit")) return "must be a duration such as 30s, 5m or 500ms";
      return m.replaceFirst("^.*?: ", "");
    }

    private void problem(String key, Object value, String what) {
      problems.add("wsload." + key + " = " + value + ": " + what);
    }
  }
}
