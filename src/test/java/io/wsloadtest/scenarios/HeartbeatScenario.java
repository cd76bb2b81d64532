package io.wsloadtest.scenarios;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.exitHere;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.wsloadtest.config.Heartbeat;
import io.wsloadtest.simulations.LoadRun;

/**
 * Connected users send the heartbeat every interval and expect the reply within the timeout. A missing reply
 * or a dropped connection is a KO with its cause; the user then drops the dead link and reconnects, up to
 * max-reconnects times. "reconnect" rows in the report count the reconnections.
 */
public final class HeartbeatScenario {

  private HeartbeatScenario() {}

  public static ScenarioBuilder heartbeat(LoadRun run) {
    Heartbeat hb = run.config().heartbeat();

    ChainBuilder beat = run.metrics().heartbeat(ws("heartbeat").sendText(hb.request()).await(hb.timeout()).on(
        ws.checkTextMessage("heartbeat reply").check(bodyString().is(hb.reply()))));

    ChainBuilder reconnect = exec(
        // Closing frees a half-open socket (and forgets a crashed one) so the user can connect afresh.
        run.metrics().drop(ws("close dead link").close(), "heartbeat missed"),
        exec(session -> session.set("reconnects", session.getInt("reconnects") + 1).markAsSucceeded()),
        doIfOrElse(session -> session.getInt("reconnects") <= hb.maxReconnects())
            .then(run.metrics().reconnect(ws("reconnect").connect("#{target}")))
            .orElse(exitHere()));

    return scenario("heartbeat")
        .exec(run.assignConnection())
        .exec(session -> session.set("reconnects", 0))
        .exec(run.metrics().connect(ws(LoadRun.CONNECT).connect("#{target}")))
        .exitHereIfFailed()
        .asLongAs(run::beforeEnd).on(
            pace(hb.interval()),
            beat,
            doIf(Session::isFailed).then(reconnect))
        .exec(run.metrics().close(ws("close").close()));
  }
}
