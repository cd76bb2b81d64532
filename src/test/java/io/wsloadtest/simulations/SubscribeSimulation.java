package io.wsloadtest.simulations;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.ws;
import static io.wsloadtest.dsl.WsLoad.*;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.wsloadtest.dsl.WsSimulation;
import java.time.Duration;

/** README "Write your own scenario": subscribe to a channel after every connect, check the ack, hold with heartbeats. */
public class SubscribeSimulation extends WsSimulation {

  // This simulation's own settings: -Dwsload.scenario.channel=sports -Dwsload.scenario.ack-timeout=2s
  String channel = setting("channel", "news");
  Duration ackTimeout = setting("ack-timeout", Duration.ofSeconds(5));

  ChainBuilder subscribe = exec(
      ws("subscribe").sendText("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}")
          .await(ackTimeout).on(
              ws.checkTextMessage("subscribe ack").matching(jsonPath("$.channel").is(channel))));

  ScenarioBuilder subscribeAndHold = scenario("subscribe and hold")
      .exec(connect(subscribe), heartbeatsUntilEnd(), close());

  {
    setUp(users(subscribeAndHold)).assertions(assertions()).maxDuration(maxDuration());
  }
}
