package io.wsloadtest.scenarios;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.wsloadtest.config.Echo;
import io.wsloadtest.ws.Liveness;
import io.wsloadtest.ws.OtherMessages;
import io.wsloadtest.ws.Payloads;
import io.wsloadtest.ws.Requests;
import io.wsloadtest.ws.Steps;

/**
 * Send messages of the configured size and check each echo equals what was sent; Gatling times the round
 * trip. Only the echo is awaited (matching): other messages in between do not fail it.
 */
public final class EchoScenario {

  private EchoScenario() {}

  public static ScenarioBuilder echo(Steps steps, Echo echo) {
    ChainBuilder textEcho = exec(ws(Requests.ECHO_TEXT).sendText(Payloads.text("payload")).await(echo.timeout()).on(
        ws.checkTextMessage(Requests.SAME_TEXT_BACK).matching(bodyString().isEL("#{payload}"))));
    ChainBuilder binaryEcho = exec(ws(Requests.ECHO_BINARY).sendBytes(Payloads.bytes("payload")).await(echo.timeout()).on(
        ws.checkBinaryMessage(Requests.SAME_BYTES_BACK).matching(
            bodyBytes().transformWithSession(Payloads::sameBytes).is(true))));
    ChainBuilder exchange = exec(pace(echo.interval()), Payloads.next(echo),
        OtherMessages.around(echo.binary() ? binaryEcho : textEcho));

    return scenario("echo")
        .exec(steps.connect())
        .exitHereIf(Liveness::dead)
        .exec(echo.count() > 0 ? repeat(echo.count()).on(exchange) : asLongAs(steps.clock()::beforeEnd).on(exchange))
        .exec(steps.holdUntilEnd(), steps.close());
  }
}
