package io.wsloadtest.simulations;

import io.wsloadtest.run.WsSimulation;
import io.wsloadtest.scenarios.ConnectScenario;

/** Open every connection, hold them all for `hold`, check each is still alive, close. */
public class ConnectSimulation extends WsSimulation {

  {
    setUp(run.users(ConnectScenario.connectAndHold(run.steps())))
        .assertions(run.assertions())
        .maxDuration(run.maxDuration());
  }
}
