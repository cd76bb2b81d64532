package io.wsloadtest.scenarios;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.exitHere;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.wsloadtest.config.Heartbeat;
import io.wsloadtest.run.LoadRun;
import io.wsloadtest.ws.Liveness;
import io.wsloadtest.ws.WsPing;

/**
 * Connected users send a heartbeat every interval (a text message, or a ping frame with mode = ping) and
 * expect the reply within the timeout. dead-after missed replies in a row, or a link the server closed or
 * lost, is a "drop" with its cause; the user then reconnects after a backoff, up to max-reconnects attempts
 * (a failed first connect too).
 */
public final class HeartbeatScenario {

  private HeartbeatScenario() {}

  public static ScenarioBuilder heartbeat(LoadRun run) {
    Heartbeat hb = run.config().heartbeat();

    ChainBuilder beat = run.metrics().heartbeat(hb.mode() == Heartbeat.Mode.PING
        ? WsPing.ping("heartbeat").timeout(hb.timeout())
        : ws("heartbeat").sendText(hb.request()).await(hb.timeout()).on(
            ws.checkTextMessage("heartbeat reply").check(bodyString().is(hb.reply()))));

    ChainBuilder reconnect = exec(
        asLongAs(s -> Liveness.dead(s) && Liveness.reconnects(s) < hb.maxReconnects() && run.beforeEnd(s)).on(
            exec(Liveness::countAttempt),
            pause(s -> min(Liveness.backoff(s, hb.reconnectBackoff(), hb.reconnectBackoffMax()), run.untilEnd(s))),
            run.metrics().reconnect(ws(Liveness.RECONNECT).connect("#{target}")),
            exec(Liveness.connected(), run.metrics().dropsSeen())),
        doIf(Liveness::dead).then(exitHere()));

    return scenario("heartbeat")
        .exec(run.assignConnection())
        .exec(run.metrics().connect(ws(LoadRun.CONNECT).connect("#{target}")))
        .exec(Liveness.connected(), run.metrics().dropsSeen())
        // A first connect that failed is retried like a lost link: bounded, with backoff.
        .doIf(Liveness::dead).then(reconnect)
        .asLongAs(run::beforeEnd).on(
            pace(hb.interval()),
            // A link lost since the last beat is a drop now, not a failed send.
            exec(Liveness.checkLink(), run.metrics().dropsSeen()),
            doIf(Liveness::alive).then(beat, exec(Liveness.afterBeat(hb.deadAfter()), run.metrics().dropsSeen())),
            doIf(Liveness::dead).then(reconnect))
        .exec(Liveness.checkLink(), run.metrics().dropsSeen())
        .doIf(Liveness::alive).then(run.metrics().close(ws("close").close()));
  }

  private static java.time.Duration min(java.time.Duration a, java.time.Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
