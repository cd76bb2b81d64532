package io.wsloadtest.simulations;

import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.wsloadtest.dsl.WsLoad.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.wsloadtest.dsl.WsSimulation;

/**
 * Each user sends messages of the configured type and size (wsload.echo) and checks that every echo equals what
 * it sent; the report shows the round trips. Only the echo is awaited: other messages in between never fail it.
 */
public class EchoSimulation extends WsSimulation {

  ScenarioBuilder echo = scenario("echo")
      .exec(connect(), echoes(), holdUntilEnd(), close());

  {
    setUp(users(echo)).assertions(assertions()).maxDuration(maxDuration());
  }
}
