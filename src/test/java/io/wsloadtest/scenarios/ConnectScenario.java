package io.wsloadtest.scenarios;

import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.wsloadtest.config.Heartbeat;
import io.wsloadtest.run.LoadRun;

/** Open a WebSocket, hold it until the end of the run, prove it is still alive, close it. */
public final class ConnectScenario {

  private ConnectScenario() {}

  public static ScenarioBuilder connectAndHold(LoadRun run) {
    Heartbeat hb = run.config().heartbeat();
    return scenario("connect and hold")
        .exec(run.assignConnection())
        .exec(run.metrics().connect(ws(LoadRun.CONNECT).connect("#{target}")))
        .exitHereIfFailed()
        .pause(run::untilEnd)
        // One heartbeat at the end: a connection the server silently dropped during the hold is a KO here.
        .exec(run.metrics().heartbeat(ws("alive at end").sendText(hb.request()).await(hb.timeout()).on(
            ws.checkTextMessage("heartbeat reply").check(bodyString().is(hb.reply())))))
        .exec(run.metrics().close(ws("close").close()));
  }
}
