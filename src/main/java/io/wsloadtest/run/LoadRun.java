package io.wsloadtest.run;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.wsloadtest.config.LoadTestConfig;
import io.wsloadtest.config.ScenarioSettings;
import io.wsloadtest.config.Target;
import io.wsloadtest.gatling.StatsTap;
import io.wsloadtest.metrics.InjectorMetrics;
import io.wsloadtest.metrics.MetricsEndpoint;
import io.wsloadtest.metrics.ProgressReporter;
import io.wsloadtest.plan.ConnectionPlan;
import io.wsloadtest.server.EchoServer;
import io.wsloadtest.ws.DropTable;
import io.wsloadtest.ws.HoldClock;
import io.wsloadtest.ws.PushMeter;
import io.wsloadtest.ws.Steps;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One validated run: its configuration, its chains, its users (scenario + injection + protocol + live metrics),
 * the simulation's own settings. Started by {@link RunStart}, one at a time in a JVM ({@link #current()}), framed
 * by {@link #begin()} and {@link #end()}.
 */
public final class LoadRun {

  private static volatile LoadRun current;

  private final LoadTestConfig config;
  private final EchoServer embeddedServer;
  private final List<Target> targets;
  private final Connections connections;
  private final HoldClock clock;
  private final Steps steps;
  private final ScenarioSettings settings;
  private final InjectorMetrics metrics;
  private final MetricsEndpoint metricsEndpoint;
  private ProgressReporter progress;

  LoadRun(LoadTestConfig config, EchoServer embeddedServer, List<Target> targets, InjectorMetrics metrics,
      MetricsEndpoint metricsEndpoint) {
    this.config = config;
    this.embeddedServer = embeddedServer;
    this.targets = targets;
    this.connections = new Connections(config, new ConnectionPlan(targets, config.sourceIps()));
    this.clock = new HoldClock(config.holdEnd(), config.rampDown());
    this.steps = new Steps(config.heartbeat(), config.echo(), config.push(), config.protocol(), config.keepAlive(),
        clock, connections.assign(), connections::handshake);
    this.settings = config.scenarioSettings();
    this.metrics = metrics;
    this.metricsEndpoint = metricsEndpoint;
    current = this;
  }

  /** The run this JVM is building or running; the DSL's steps read it. */
  public static LoadRun current() {
    LoadRun run = current;
    if (run == null) {
      throw new IllegalStateException("no ws-loadtest run here: WsLoad steps belong in a simulation that extends"
          + " io.wsloadtest.dsl.WsSimulation, in its fields or constructor (not in static fields)");
    }
    return run;
  }

  public LoadTestConfig config() {
    return config;
  }

  List<Target> targets() {
    return targets;
  }

  /** This run's chains (connect, heartbeats, echoes, close...). */
  public Steps steps() {
    return steps;
  }

  /** The simulation's own settings (wsload.scenario), checked at {@link #begin()}. */
  public ScenarioSettings settings() {
    return settings;
  }

  /** The configured users running {@code scenario}; every request they record also reaches /metrics. */
  public PopulationBuilder users(ScenarioBuilder scenario) {
    // Last in the chain, so Gatling builds it first: the tap is in place before any other step is built.
    return scenario.exec(StatsTap.installer(metrics::onResponse))
        .injectOpen(InjectionSteps.of(config.injection(), config.users()))
        .protocols(connections.protocol());
  }

  public Assertion[] assertions() {
    return Assertions.of(config);
  }

  /** A hard stop well after the planned end, so a stuck run cannot go on forever. */
  public Duration maxDuration() {
    Duration slack = config.heartbeat().interval().plus(config.echo().interval()).plus(Duration.ofSeconds(60));
    return config.runDuration().plus(slack);
  }

  /**
   * Before load (Simulation.before()): the simulation's own settings are checked (a problem refuses the run),
   * the shards of a run wait for each other, the hold deadline counts from here, the progress line starts.
   */
  public void begin() {
    List<String> problems = new java.util.ArrayList<>(settings.problems());
    problems.addAll(steps.problems());
    if (!problems.isEmpty()) {
      throw new RunRefused(new io.wsloadtest.config.InvalidConfigException(problems).getMessage());
    }
    if (!settings.values().isEmpty()) {
      System.out.println("  settings:   " + settings.values().entrySet().stream()
          .map(e -> "wsload.scenario." + e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
    }
    io.wsloadtest.shards.StartBarrier.awaitAll(config); // the shards of a run start injecting together
    clock.start();
    progress = ProgressReporter.start(metrics::snapshot, config.metrics().progressInterval(), System.out, "progress");
  }

  /** After load (Simulation.after()): what every run prints, then /metrics and the embedded server go. */
  public void end() {
    if (progress != null) {
      progress.close();
    }
    // The same counts are in the report: request "drop" by message, "reconnect" OK, "push" and its KOs.
    System.out.print(DropTable.live());
    String pushes = PushMeter.summary();
    if (pushes != null) {
      System.out.print(pushes);
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
