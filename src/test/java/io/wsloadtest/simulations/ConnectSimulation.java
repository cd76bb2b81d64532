package io.wsloadtest.simulations;

import io.wsloadtest.run.WsSimulation;
import io.wsloadtest.scenarios.ConnectScenario;

/** Open every connection, hold them all for `hold`, check each is still alive, close. */
public class ConnectSimulation extends WsSimulation {

  {
    setUp(ConnectScenario.connectAndHold(run).injectOpen(run.injection()).protocols(run.protocol()))
        .assertions(run.assertions())
        .maxDuration(run.maxDuration());
  }
}
