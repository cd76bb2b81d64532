package io.wsloadtest.simulations;

import io.gatling.javaapi.core.Simulation;
import io.wsloadtest.scenarios.EchoScenario;

/** Each user sends messages and checks every echo; the report shows the round-trip times. */
public class EchoSimulation extends Simulation {

  LoadRun run = LoadRun.prepare();

  {
    setUp(EchoScenario.echo(run).injectOpen(run.injection()).protocols(run.protocol()))
        .assertions(run.assertions())
        .maxDuration(run.maxDuration());
  }

  @Override
  public void before() {
    run.begin();
  }

  @Override
  public void after() {
    run.end();
  }
}
