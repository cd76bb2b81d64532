package io.wsloadtest.simulations;

import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.wsloadtest.dsl.WsLoad.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.wsloadtest.dsl.WsSimulation;

/**
 * Users subscribe after every connect and reconnect, then receive the server's pushes until the end of the hold,
 * with heartbeats: delivery latency, messages/s, gaps and duplicates.
 */
public class PushSimulation extends WsSimulation {

  ScenarioBuilder push = scenario("push")
      .exec(connect(subscribe()), heartbeatsUntilEnd(), close());

  {
    setUp(users(push)).assertions(assertions()).maxDuration(maxDuration());
  }
}
