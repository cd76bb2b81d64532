package io.wsloadtest.scenarios;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.wsloadtest.ws.Steps;
import java.time.Duration;

/** README "Write your own scenario": subscribe after every connect, check the ack, hold with heartbeats. */
public final class SubscribeScenario {

  private SubscribeScenario() {}

  static final ChainBuilder SUBSCRIBE = exec(
      ws("subscribe").sendText("{\"type\":\"subscribe\",\"channel\":\"news\"}").await(Duration.ofSeconds(5)).on(
          ws.checkTextMessage("subscribe ack").matching(jsonPath("$.channel").is("news"))));

  public static ScenarioBuilder subscribeAndHold(Steps steps) {
    return scenario("subscribe and hold")
        .exec(steps.onConnected(SUBSCRIBE).connectOrRetry(), steps.heartbeatsUntilEnd(), steps.close());
  }
}
