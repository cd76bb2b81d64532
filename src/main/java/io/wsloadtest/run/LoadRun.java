package io.wsloadtest.run;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.wsloadtest.config.LoadTestConfig;
import io.wsloadtest.feeders.ConnectionPlan;
import io.wsloadtest.config.Target;
import io.wsloadtest.gatling.StatsTap;
import io.wsloadtest.metrics.InjectorMetrics;
import io.wsloadtest.metrics.MetricsEndpoint;
import io.wsloadtest.metrics.ProgressReporter;
import io.wsloadtest.server.EchoServer;
import io.wsloadtest.ws.HoldClock;
import io.wsloadtest.ws.Steps;
import java.time.Duration;
import java.util.List;

/**
 * One validated run, as simulations see it: its configuration, the shared scenario steps, and its users
 * (scenario + injection + protocol + live metrics). Started by {@link RunStart}; begin/end frame the load.
 */
public final class LoadRun {

  private final LoadTestConfig config;
  private final EchoServer embeddedServer;
  private final List<Target> targets;
  private final Connections connections;
  private final HoldClock clock;
  private final InjectorMetrics metrics;
  private final MetricsEndpoint metricsEndpoint;
  private ProgressReporter progress;

  LoadRun(LoadTestConfig config, EchoServer embeddedServer, List<Target> targets, InjectorMetrics metrics,
      MetricsEndpoint metricsEndpoint) {
    this.config = config;
    this.embeddedServer = embeddedServer;
    this.targets = targets;
    this.connections = new Connections(config, new ConnectionPlan(targets, config.sourceIps()));
    this.clock = new HoldClock(config.runDuration());
    this.metrics = metrics;
    this.metricsEndpoint = metricsEndpoint;
  }

  public LoadTestConfig config() {
    return config;
  }

  List<Target> targets() {
    return targets;
  }

  /** The shared steps (connect, heartbeats, liveness, close) for this run's configuration. */
  public Steps steps() {
    return new Steps(config.heartbeat(), clock, connections.assign(), connections::handshake);
  }

  /** The configured users running {@code scenario}; every request they record also reaches /metrics. */
  public PopulationBuilder users(ScenarioBuilder scenario) {
    // Last in the chain, so Gatling builds it first: the tap is in place before any other step is built.
    return scenario.exec(StatsTap.installer(metrics::onResponse))
        .injectOpen(injection())
        .protocols(protocol());
  }

  public HttpProtocolBuilder protocol() {
    return connections.protocol();
  }

  public OpenInjectionStep[] injection() {
    return Injections.of(config.injection(), config.users());
  }

  public Assertion[] assertions() {
    return RunAssertions.of(config);
  }

  /** A hard stop well after the planned end, so a stuck run cannot go on forever. */
  public Duration maxDuration() {
    Duration slack = config.heartbeat().interval().plus(config.echo().interval()).plus(Duration.ofSeconds(60));
    return config.runDuration().plus(slack);
  }

  /** Call from Simulation.before(): the hold deadline counts from here; the progress line starts. */
  public void begin() {
    io.wsloadtest.shards.StartBarrier.awaitAll(config); // the shards of a run start injecting together
    clock.start();
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
}
