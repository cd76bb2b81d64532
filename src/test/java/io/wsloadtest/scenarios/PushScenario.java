package io.wsloadtest.scenarios;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.wsloadtest.config.Push;
import io.wsloadtest.ws.PushMeter;
import io.wsloadtest.ws.Steps;

/**
 * Users connect, ask for pushes (after every connect and reconnect) and receive them until the end of the
 * hold, with heartbeats; each push is measured: delivery latency, gaps and duplicates by sequence number.
 */
public final class PushScenario {

  private PushScenario() {}

  public static ScenarioBuilder push(Steps steps, Push push) {
    ChainBuilder subscribe = push.subscribe().isEmpty() ? exec(PushMeter.listen())
        : exec(PushMeter.listen(), exec(ws("subscribe").sendText(push.subscribe())));
    return scenario("push")
        .exec(steps.onConnected(subscribe).connectOrRetry(), steps.heartbeatsUntilEnd(), steps.close());
  }
}
