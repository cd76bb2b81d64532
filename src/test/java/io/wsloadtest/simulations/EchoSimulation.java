package io.wsloadtest.simulations;

import io.wsloadtest.run.WsSimulation;
import io.wsloadtest.scenarios.EchoScenario;

/** Each user sends messages and checks every echo; the report shows the round-trip times. */
public class EchoSimulation extends WsSimulation {

  {
    setUp(run.users(EchoScenario.echo(run.steps(), run.config().echo())))
        .assertions(run.assertions())
        .maxDuration(run.maxDuration());
  }
}
