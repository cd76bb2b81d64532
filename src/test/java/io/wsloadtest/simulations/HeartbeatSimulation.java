package io.wsloadtest.simulations;

import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.wsloadtest.dsl.WsLoad.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.wsloadtest.dsl.WsSimulation;

/**
 * Hold every connection with a heartbeat each interval (a ping frame, or a text request with
 * heartbeat.mode = text) and its reply within the timeout. A dropped connection (missed replies, a close by the
 * server, a lost TCP connection) is a "drop" with its cause, then reconnected with backoff, boundedly.
 */
public class HeartbeatSimulation extends WsSimulation {

  ScenarioBuilder heartbeat = scenario("heartbeat")
      .exec(connect(), heartbeatsUntilEnd(), close());

  {
    setUp(users(heartbeat)).assertions(assertions()).maxDuration(maxDuration());
  }
}
