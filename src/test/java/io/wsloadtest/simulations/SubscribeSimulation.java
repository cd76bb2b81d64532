package io.wsloadtest.simulations;

import io.wsloadtest.run.WsSimulation;
import io.wsloadtest.scenarios.SubscribeScenario;

/** The README's worked example as a simulation: -Dsimulation=Subscribe. */
public class SubscribeSimulation extends WsSimulation {

  {
    setUp(run.users(SubscribeScenario.subscribeAndHold(run.steps())))
        .assertions(run.assertions())
        .maxDuration(run.maxDuration());
  }
}
