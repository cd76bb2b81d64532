package io.wsloadtest.scenarios;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.wsloadtest.ws.Steps;

/**
 * Connected users send a heartbeat every interval (a ping frame, or a text message with mode = text) and
 * expect the reply within the timeout. dead-after missed replies in a row, or a link the server closed or
 * lost, is a "drop" with its cause; the user then reconnects after a backoff, up to max-reconnects attempts
 * (a failed first connect too).
 */
public final class HeartbeatScenario {

  private HeartbeatScenario() {}

  public static ScenarioBuilder heartbeat(Steps steps) {
    return scenario("heartbeat")
        .exec(steps.connectOrRetry(), steps.heartbeatsUntilEnd(), steps.close());
  }
}
