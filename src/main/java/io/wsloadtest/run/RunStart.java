package io.wsloadtest.run;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wsloadtest.config.ClientTls;
import io.wsloadtest.config.InvalidConfigException;
import io.wsloadtest.config.LoadTestConfig;
import io.wsloadtest.config.Target;
import io.wsloadtest.gatling.GatlingVersion;
import io.wsloadtest.metrics.InjectorMetrics;
import io.wsloadtest.metrics.MetricsEndpoint;
import io.wsloadtest.preflight.CheckedConfig;
import io.wsloadtest.server.EchoServer;
import io.wsloadtest.tls.ClientTrust;
import io.wsloadtest.ws.DropTable;
import io.wsloadtest.ws.PushMeter;
import java.nio.file.Path;
import java.util.List;

/** Everything before load: Gatling's version, the configuration, the embedded server, trust, /metrics. */
public final class RunStart {

  private RunStart() {}

  public static LoadRun start() {
    String gatling = GatlingVersion.problem();
    if (gatling != null) {
      throw new RunRefused(gatling);
    }
    LoadTestConfig config;
    try {
      config = CheckedConfig.load();
    } catch (InvalidConfigException e) {
      throw new RunRefused(e.getMessage());
    }
    refuseSecretLeakingLogLevels(config);
    String baseline = io.wsloadtest.compare.Baseline.problem(System.getProperties(), System.getenv());
    if (baseline != null) {
      throw new RunRefused(baseline);
    }
    DropTable.resetLive();
    PushMeter.reset();
    UsersCsv.check(config.userHandshake());
    // One registry per JVM: the injector's metrics and, when embedded, the echo server's.
    PrometheusRegistry registry = new PrometheusRegistry();
    InjectorMetrics metrics = new InjectorMetrics(registry, config.metrics().shardLabel(), config.users());
    EchoServer server = null;
    List<Target> targets = config.targets();
    if (config.embeddedTarget()) {
      server = new EchoServer(config.server(), registry);
      try {
        server.start();
      } catch (InterruptedException | IllegalStateException e) {
        throw new RunRefused("The embedded echo server could not start: " + e.getMessage());
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
        throw new RunRefused(e.getMessage());
      }
    }
    LoadRun run = new LoadRun(config, server, targets, metrics, endpoint);
    System.out.println(Banner.of(config, run.targets()));
    System.out.println(endpoint == null ? "  metrics:    off (wsload.metrics.enabled = false)"
        : "  metrics:    " + endpoint.url());
    return run;
  }

  /** wss:// trust as wsload.tls says, the embedded server's self-signed certificate included. */
  private static void installTrust(LoadTestConfig config, EchoServer server) {
    ClientTls tls = config.tls();
    List<Path> own = server != null && server.selfSignedCertificate() != null
        ? List.of(server.selfSignedCertificate()) : List.of();
    ClientTrust.installAsJvmDefault(
        ClientTrust.trustManagers(tls.trustAll(), tls.trustStore(), tls.trustStorePassword(), own));
  }

  /** Gatling's DEBUG logs print request headers: with a secret header configured, refuse rather than leak it. */
  private static void refuseSecretLeakingLogLevels(LoadTestConfig config) {
    if (config.handshakeHeaders().isEmpty() && !config.userHandshake().perUser()) {
      return;
    }
    for (String name : List.of("io.gatling.http.engine.response", "io.gatling.http.action.ws", "io.gatling.http.client")) {
      if (org.slf4j.LoggerFactory.getLogger(name).isDebugEnabled()) {
        throw new RunRefused("Invalid ws-loadtest configuration, no load was started:\n  - wsload.handshake.headers ("
            + config.handshakeHeaders().describe() + "): logger " + name + " is at DEBUG or TRACE, which logs"
            + " request headers; set it to INFO in logback-test.xml, or remove the headers");
      }
    }
  }
}
