package io.wsloadtest.simulations;

import io.wsloadtest.run.WsSimulation;
import io.wsloadtest.scenarios.EchoScenario;

/** Each user sends messages and checks every echo; the report shows the round-trip times. */
public class EchoSimulation extends WsSimulation {

  {
    setUp(EchoScenario.echo(run).injectOpen(run.injection()).protocols(run.protocol()))
        .assertions(run.assertions())
        .maxDuration(run.maxDuration());
  }
}
