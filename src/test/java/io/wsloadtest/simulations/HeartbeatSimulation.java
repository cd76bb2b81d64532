package io.wsloadtest.simulations;

import io.wsloadtest.scenarios.HeartbeatScenario;

/** Hold every connection with a heartbeat each interval; dead links are counted and reconnected. */
public class HeartbeatSimulation extends WsSimulation {

  {
    setUp(HeartbeatScenario.heartbeat(run).injectOpen(run.injection()).protocols(run.protocol()))
        .assertions(run.assertions())
        .maxDuration(run.maxDuration());
  }
}
