package io.wsloadtest.simulations;

import io.wsloadtest.run.WsSimulation;
import io.wsloadtest.scenarios.PushScenario;
import io.wsloadtest.ws.PushMeter;

/** Every user subscribes and receives the server's pushes for the hold; latency, gaps and duplicates reported. */
public class PushSimulation extends WsSimulation {

  {
    setUp(run.users(PushScenario.push(run.steps(), run.config().push())))
        .assertions(run.assertions())
        .maxDuration(run.maxDuration());
  }

  @Override
  public void after() {
    super.after();
    System.out.print(PushMeter.summary());
  }
}
