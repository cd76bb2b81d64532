package io.wsloadtest.scenarios;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.wsloadtest.ws.Liveness;
import io.wsloadtest.ws.Steps;

/** Open a WebSocket, hold it until the end of the run, prove it is still alive, close it. */
public final class ConnectScenario {

  private ConnectScenario() {}

  public static ScenarioBuilder connectAndHold(Steps steps) {
    return scenario("connect and hold")
        .exec(steps.connect())
        .exitHereIf(Liveness::dead)
        .exec(steps.holdUntilEnd(), steps.aliveAtEnd(), steps.close());
  }
}
