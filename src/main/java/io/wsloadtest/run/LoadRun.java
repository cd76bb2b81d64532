package io.wsloadtest.run;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.http.client.LocalAddresses;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.wsloadtest.config.ClientTls;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wsloadtest.config.Injection;
import io.wsloadtest.config.InvalidConfigException;
import io.wsloadtest.config.LoadTestConfig;
import io.wsloadtest.feeders.ConnectionPlan;
import io.wsloadtest.feeders.Target;
import io.wsloadtest.metrics.InjectorMetrics;
import io.wsloadtest.metrics.MetricsEndpoint;
import io.wsloadtest.metrics.ProgressReporter;
import io.wsloadtest.server.EchoServer;
import io.wsloadtest.tls.ClientTrust;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The plumbing behind every simulation: validated config, the embedded server when the target is
 * "embedded", who connects where, injection, assertions and the run's clock. Simulations stay declarative.
 */
public final class LoadRun {

  /** Request name of the first connect of each user; assertions count it. */
  public static final String CONNECT = "connect";
  /** Where Gatling keeps a user's local address (set per user by the HTTP protocol from localAddresses). */
  private static final String LOCAL_ADDRESSES_ATTRIBUTE = "gatling.http.cache.localAddresses";

  /** Exit code of a run refused before load: bad configuration or a server that cannot start. */
  public static final int CONFIG_ERROR_EXIT_CODE = 3;

  private final LoadTestConfig config;
  private final EchoServer embeddedServer;
  private final ConnectionPlan plan;
  private volatile long startMillis = System.currentTimeMillis();
  private final InjectorMetrics metrics;
  private final MetricsEndpoint metricsEndpoint;
  private ProgressReporter progress;

  private LoadRun(LoadTestConfig config, EchoServer embeddedServer, List<Target> targets, InjectorMetrics metrics,
      MetricsEndpoint metricsEndpoint) {
    this.config = config;
    this.embeddedServer = embeddedServer;
    this.plan = new ConnectionPlan(targets, config.sourceIps());
    this.metrics = metrics;
    this.metricsEndpoint = metricsEndpoint;
  }

  /**
   * Loads and validates the configuration and starts the embedded server if needed. A bad configuration
   * ends the JVM here, with the reasons and exit code 3 (Gatling uses 2 for failed assertions), before
   * Gatling injects anyone.
   */
  public static LoadRun prepare() {
    LoadTestConfig config;
    try {
      config = LoadTestConfig.load();
    } catch (InvalidConfigException e) {
      throw exit(e.getMessage());
    }
    refuseSecretLeakingLogLevels(config);
    EchoServer server = null;
    List<Target> targets = config.targets();
    // One registry per JVM: the injector's metrics and, when embedded, the echo server's.
    PrometheusRegistry registry = new PrometheusRegistry();
    InjectorMetrics metrics = new InjectorMetrics(registry, config.metrics().shardLabel(), config.users());
    if (config.embeddedTarget()) {
      server = new EchoServer(config.server(), registry);
      try {
        server.start();
      } catch (InterruptedException | IllegalStateException e) {
        throw exit("The embedded echo server could not start: " + e.getMessage());
      }
      targets = server.urls().stream().map(Target::parseUrl).toList();
    }
    installTrust(config, server);
    MetricsEndpoint endpoint = null;
    if (config.metrics().enabled()) {
      try {
        endpoint = MetricsEndpoint.start(config.metrics(), registry, "injector");
      } catch (IllegalStateException e) {
        if (server != null) {
          server.close();
        }
        throw exit(e.getMessage());
      }
    }
    LoadRun run = new LoadRun(config, server, targets, metrics, endpoint);
    System.out.println(run.describe());
    System.out.println(endpoint == null ? "  metrics:    off (wsload.metrics.enabled = false)"
        : "  metrics:    " + endpoint.url());
    return run;
  }

  /** wss:// trust as wsload.tls says, the embedded server's self-signed certificate included. */
  private static void installTrust(LoadTestConfig config, EchoServer server) {
    ClientTls tls = config.tls();
    List<java.nio.file.Path> own = server != null && server.selfSignedCertificate() != null
        ? List.of(server.selfSignedCertificate()) : List.of();
    ClientTrust.installAsJvmDefault(
        ClientTrust.trustManagers(tls.trustAll(), tls.trustStore(), tls.trustStorePassword(), own));
  }

  /** Gatling's DEBUG logs print request headers: with a secret header configured, refuse rather than leak it. */
  private static void refuseSecretLeakingLogLevels(LoadTestConfig config) {
    if (config.handshakeHeaders().isEmpty()) {
      return;
    }
    for (String name : List.of("io.gatling.http.engine.response", "io.gatling.http.action.ws", "io.gatling.http.client")) {
      if (org.slf4j.LoggerFactory.getLogger(name).isDebugEnabled()) {
        throw exit("Invalid ws-loadtest configuration, no load was started:\n  - wsload.handshake.headers ("
            + config.handshakeHeaders().describe() + "): logger " + name + " is at DEBUG or TRACE, which logs"
            + " request headers; set it to INFO in logback-test.xml, or remove the headers");
      }
    }
  }

  private static RuntimeException exit(String message) {
    System.err.println();
    System.err.println(message);
    System.err.println();
    System.err.flush();
    System.exit(CONFIG_ERROR_EXIT_CODE);
    return new IllegalStateException(message);
  }

  public LoadTestConfig config() {
    return config;
  }

  /** Live counters for the scenarios' steps: {@code run.metrics().connect(ws(...).connect(...))}. */
  public InjectorMetrics metrics() {
    return metrics;
  }

  /** Call from Simulation.before(): the hold deadline counts from here; the progress line starts. */
  public void begin() {
    io.wsloadtest.shards.StartBarrier.awaitAll(config); // the shards of a run start injecting together
    startMillis = System.currentTimeMillis();
    progress = ProgressReporter.start(metrics::snapshot, config.metrics().progressInterval(), System.out, "progress");
  }

  /** Call from Simulation.after(). */
  public void end() {
    if (progress != null) {
      progress.close();
    }
    if (metricsEndpoint != null) {
      lingerForLastScrape();
      metricsEndpoint.close();
    }
    if (embeddedServer != null) {
      embeddedServer.close();
    }
  }

  /** A Prometheus scraping this run gets scrapes after the load, with the final counts, before /metrics goes. */
  private void lingerForLastScrape() {
    try {
      metricsEndpoint.awaitNextScrape(config.metrics().linger());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The HTTP protocol WebSockets ride on; no warm-up, source IPs when configured. */
  public HttpProtocolBuilder protocol() {
    HttpProtocolBuilder protocol = http;
    if (!config.sourceIps().isEmpty()) {
      // Enables local-address binding; which address each user gets is set by assignConnection().
      protocol = protocol.localAddresses(config.sourceIps().stream().map(InetAddress::getHostAddress).toList());
    }
    // Protocol headers go on every WebSocket upgrade request. A function, not a string: Gatling would parse
    // "#{...}" in a string value as its expression language.
    for (var header : config.handshakeHeaders().values().entrySet()) {
      String value = header.getValue();
      protocol = protocol.header(header.getKey(), session -> value);
    }
    return protocol;
  }

  /** Sets #{target} (the URL to connect to) and the source IP of this user from the connection plan. */
  public ChainBuilder assignConnection() {
    return exec(session -> {
      ConnectionPlan.Assignment a = plan.assign(session.userId());
      Session s = session.set("target", a.target().url());
      if (a.sourceIp() != null) {
        InetSocketAddress local = new InetSocketAddress(a.sourceIp(), 0);
        boolean v4 = a.sourceIp() instanceof java.net.Inet4Address;
        s = s.set("sourceIp", a.sourceIp().getHostAddress())
            .set(LOCAL_ADDRESSES_ATTRIBUTE, v4
                ? new LocalAddresses(local, local, local, null, null, null)
                : new LocalAddresses(null, null, null, local, local, local));
      }
      return s;
    });
  }

  /** Arrival of users as configured: ramp, constant rate, stairs or all at once. */
  public OpenInjectionStep[] injection() {
    Injection in = config.injection();
    int users = config.users();
    List<OpenInjectionStep> steps = new ArrayList<>();
    switch (in.type()) {
      // A constant rate is an even ramp: users/rate seconds, one user every 1/rate s, exactly `users` users.
      case RAMP, RATE -> steps.add(rampUsers(users).during(in.duration(users)));
      case AT_ONCE -> steps.add(atOnceUsers(users));
      case STEPS -> {
        for (int i = 0; i < in.stepCount(); i++) {
          int stepUsers = users / in.stepCount() + (i < users % in.stepCount() ? 1 : 0);
          if (i > 0) {
            steps.add(nothingFor(in.stepHold()));
          }
          steps.add(rampUsers(stepUsers).during(in.stepRamp()));
        }
      }
    }
    return steps.toArray(OpenInjectionStep[]::new);
  }

  /** Pass/fail: KO share, p99, every user tried to connect, and something was measured at all. */
  public Assertion[] assertions() {
    List<Assertion> assertions = new ArrayList<>(List.of(
        global().failedRequests().percent().lte(config.assertions().maxKoPercent()),
        global().responseTime().percentile(99.0).lte(config.assertions().maxP99Millis()),
        global().successfulRequests().count().gt(0L)));
    if (config.shard().count() == 1) {
      // Shards carry their assertions into the merged report, where a per-shard count would be wrong;
      // the launcher checks the total connect count of a sharded run itself.
      assertions.add(details(CONNECT).allRequests().count().is((long) config.users()));
    }
    return assertions.toArray(Assertion[]::new);
  }

  /** A hard stop well after the planned end, so a stuck run cannot go on forever. */
  public Duration maxDuration() {
    Duration slack = config.heartbeat().interval().plus(config.echo().interval()).plus(Duration.ofSeconds(60));
    return config.runDuration().plus(slack);
  }

  /** Time left until the end of the hold: every user stays connected until the same moment. */
  public Duration untilEnd(Session session) {
    long left = startMillis + config.runDuration().toMillis() - System.currentTimeMillis();
    return Duration.ofMillis(Math.max(0, left));
  }

  public boolean beforeEnd(Session session) {
    return !untilEnd(session).isZero();
  }

  private String describe() {
    String targets = plan.targets().stream().map(Target::url).collect(Collectors.joining(", "));
    String ips = config.sourceIps().isEmpty() ? "chosen by the kernel"
        : config.sourceIps().stream().map(InetAddress::getHostAddress).collect(Collectors.joining(", "));
    Injection in = config.injection();
    String shard = config.shard().count() == 1 ? ""
        : String.format(" (shard %d of %d, %d users in all)", config.shard().index() + 1, config.shard().count(),
            config.shard().totalUsers());
    return String.format("ws-loadtest: profile %s, %d users%s arriving over %ds (%s), held %ds%n"
            + "  targets:    %s%s%n  source IPs: %s%s",
        config.profile(), config.users(), shard, in.duration(config.users()).toSeconds(), in.type().name().toLowerCase(),
        config.hold().toSeconds(), targets, config.embeddedTarget() ? " (embedded echo server)" : "", ips,
        security());
  }

  /** TLS trust and handshake header names; never a header value or a password. */
  private String security() {
    StringBuilder sb = new StringBuilder();
    if (plan.targets().stream().anyMatch(t -> t.scheme().equals("wss"))) {
      ClientTls tls = config.tls();
      sb.append(String.format("%n  TLS trust:  %s", tls.trustAll() ? "any certificate (wsload.tls.trust-all)"
          : tls.trustStore() != null ? "trust store " + tls.trustStore()
          : "the JVM's CA certificates" + (config.embeddedTarget() ? " and the embedded server's own" : "")));
    }
    if (!config.handshakeHeaders().isEmpty()) {
      sb.append(String.format("%n  handshake:  %s (values hidden)", config.handshakeHeaders().describe()));
    }
    return sb.toString();
  }
}
