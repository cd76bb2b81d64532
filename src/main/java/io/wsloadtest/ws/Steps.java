package io.wsloadtest.ws;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.exitHere;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.http.WsConnectActionBuilder;
import io.wsloadtest.config.Heartbeat;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The shared steps of every scenario, as plain Gatling chains: connect (with what must follow every
 * connect and reconnect, written once in {@link #onConnected}), heartbeats with dead-link detection and
 * bounded reconnects, the end-of-hold liveness check and the close. Each writes its request names from
 * {@link Requests}; whatever a step records reaches the report and /metrics alike (no wrapper needed).
 */
public final class Steps {

  private final Heartbeat hb;
  private final HoldClock clock;
  private final ChainBuilder assignConnection;
  private final UnaryOperator<WsConnectActionBuilder> handshake;
  private final ChainBuilder afterConnect;

  /**
   * @param assignConnection sets #{target} (and the source address) of the user
   * @param handshake adds the run's handshake settings (headers, subprotocol, ...) to a connect
   */
  public Steps(Heartbeat hb, HoldClock clock, ChainBuilder assignConnection,
      UnaryOperator<WsConnectActionBuilder> handshake) {
    this(hb, clock, assignConnection, handshake, exec(s -> s));
  }

  private Steps(Heartbeat hb, HoldClock clock, ChainBuilder assign, UnaryOperator<WsConnectActionBuilder> handshake,
      ChainBuilder afterConnect) {
    this.hb = hb;
    this.clock = clock;
    this.assignConnection = assign;
    this.handshake = handshake;
    this.afterConnect = afterConnect;
  }

  /** The same steps, with {@code chain} run after every successful connect and reconnect (e.g. a subscribe). */
  public Steps onConnected(ChainBuilder chain) {
    return new Steps(hb, clock, assignConnection, handshake, chain);
  }

  public HoldClock clock() {
    return clock;
  }

  /** The user's first connect; a failure is its one KO and leaves the user {@link Liveness#dead}. */
  public ChainBuilder connect() {
    return exec(assignConnection, connectAs(Requests.CONNECT));
  }

  /** Connect; a failed first connect is retried like a lost link (bounded, with backoff). */
  public ChainBuilder connectOrRetry() {
    return exec(connect(), doIf(Liveness::dead).then(reconnect()));
  }

  /** While dead and attempts and time are left: back off, reconnect. A user still dead then stops. */
  public ChainBuilder reconnect() {
    return exec(
        asLongAs(s -> Liveness.dead(s) && Liveness.reconnects(s) < hb.maxReconnects() && clock.beforeEnd(s)).on(
            exec(Liveness::countAttempt),
            pause(s -> min(Liveness.backoff(s, hb.reconnectBackoff(), hb.reconnectBackoffMax()), clock.untilEnd(s))),
            exec(s -> s.markAsSucceeded()),
            connectAs(Requests.RECONNECT)),
        doIf(Liveness::dead).then(exitHere()));
  }

  private ChainBuilder connectAs(String name) {
    WsConnectActionBuilder connect = handshake.apply(ws(name).connect("#{target}"))
        .onConnected(exec(Liveness.watch()).exec(afterConnect));
    return exec(connect, Liveness.connectOutcome());
  }

  /** One heartbeat as configured (ping frame, or text request and awaited reply), named {@code name}. */
  public ChainBuilder heartbeat(String name) {
    if (hb.mode() == Heartbeat.Mode.PING) {
      return exec(WsPing.ping(name).timeout(hb.timeout()));
    }
    // Gatling records the send too (OK, ~0 ms): under its own name, so `name` is the round trip in both modes.
    // matching: only the awaited reply counts; pushes and other messages in between are not this check's.
    return OtherMessages.around(exec(ws(Requests.sent(name)).sendText(hb.request()).await(hb.timeout()).on(
        ws.checkTextMessage(name).matching(replyMatcher(hb)))));
  }

  /** The reply a text heartbeat awaits: the exact text, a regex the whole reply matches, or a JSONPath hit. */
  static CheckBuilder replyMatcher(Heartbeat hb) {
    return switch (hb.replyMatch()) {
      case EXACT -> bodyString().is(hb.reply());
      case REGEX -> {
        Pattern p = Pattern.compile(hb.reply(), Pattern.DOTALL);
        yield bodyString().transform(body -> p.matcher(body).matches()).is(true);
      }
      case JSONPATH -> jsonPath(hb.reply()).exists();
    };
  }

  /** A heartbeat every interval until the end of the hold; dead links are dropped and reconnected. */
  public ChainBuilder heartbeatsUntilEnd() {
    return exec(asLongAs(clock::beforeEnd).on(
        pace(hb.interval()),
        // A link lost since the last beat is a drop now, not a failed send.
        exec(Liveness.checkLink()),
        doIf(Liveness::alive).then(exec(s -> s.markAsSucceeded()), heartbeat(Requests.HEARTBEAT),
            exec(Liveness.afterBeat(hb.deadAfter()))),
        doIf(Liveness::dead).then(reconnect())));
  }

  /** Stay connected, doing nothing, until the end of the hold. */
  public ChainBuilder holdUntilEnd() {
    return exec(pause(clock::untilEnd));
  }

  /** After the hold: a lost link is a drop (with its cause), a live one must answer one heartbeat. */
  public ChainBuilder aliveAtEnd() {
    return exec(Liveness.checkLink(), doIf(Liveness::alive).then(heartbeat(Requests.ALIVE_AT_END)));
  }

  /** The orderly close of a live link; a link lost since the last step is a drop instead. */
  public ChainBuilder close() {
    return exec(Liveness.checkLink(), doIf(Liveness::alive).then(exec(ws(Requests.CLOSE).close())));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
