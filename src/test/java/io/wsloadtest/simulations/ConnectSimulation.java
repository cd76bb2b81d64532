package io.wsloadtest.simulations;

import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.wsloadtest.dsl.WsLoad.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.wsloadtest.dsl.WsSimulation;

/** Open a connection per user, hold them all until the end of the hold, check each still answers, close. */
public class ConnectSimulation extends WsSimulation {

  ScenarioBuilder connectAndHold = scenario("connect and hold")
      .exec(connect(), holdUntilEnd(), aliveAtEnd(), close());

  {
    setUp(users(connectAndHold)).assertions(assertions()).maxDuration(maxDuration());
  }
}
