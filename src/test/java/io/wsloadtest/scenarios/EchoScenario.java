package io.wsloadtest.scenarios;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.wsloadtest.run.Payloads;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.wsloadtest.config.Echo;
import io.wsloadtest.run.LoadRun;

/** Send messages of the configured size and check each echo equals what was sent; Gatling times the round trip. */
public final class EchoScenario {

  private EchoScenario() {}

  public static ScenarioBuilder echo(LoadRun run) {
    Echo echo = run.config().echo();
    ChainBuilder textEcho = run.metrics().echo(ws("echo text").sendText(Payloads.text("payload")).await(echo.timeout()).on(
        ws.checkTextMessage("same text back").check(bodyString().isEL("#{payload}"))));
    ChainBuilder binaryEcho = run.metrics().echo(ws("echo binary").sendBytes(Payloads.bytes("payload")).await(echo.timeout()).on(
        ws.checkBinaryMessage("same bytes back").check(
            bodyBytes().transformWithSession(Payloads::sameBytes).is(true))));

    ChainBuilder exchange = exec(pace(echo.interval()), Payloads.next(echo), echo.binary() ? binaryEcho : textEcho);
    return scenario("echo")
        .exec(run.assignConnection())
        .exec(run.metrics().connect(ws(LoadRun.CONNECT).connect("#{target}")))
        .exitHereIfFailed()
        .exec(echo.count() > 0 ? repeat(echo.count()).on(exchange) : asLongAs(run::beforeEnd).on(exchange))
        .pause(run::untilEnd)
        .exec(run.metrics().close(ws("close").close()));
  }
}
