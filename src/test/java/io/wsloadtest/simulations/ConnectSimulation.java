package io.wsloadtest.simulations;

import io.gatling.javaapi.core.Simulation;
import io.wsloadtest.scenarios.ConnectScenario;

/** Open every connection, hold them all for `hold`, check each is still alive, close. */
public class ConnectSimulation extends Simulation {

  LoadRun run = LoadRun.prepare();

  {
    setUp(ConnectScenario.connectAndHold(run).injectOpen(run.injection()).protocols(run.protocol()))
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
