package io.wsloadtest.ws;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.doSwitch;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.exitHere;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.WsConnectActionBuilder;
import io.wsloadtest.config.Echo;
import io.wsloadtest.config.Heartbeat;
import io.wsloadtest.config.ProtocolSettings;
import io.wsloadtest.config.Push;
import io.wsloadtest.gatling.GatlingInternals;
import io.wsloadtest.gatling.StatsTap;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The chains of one run, as plain Gatling chains built from its configuration: connect (with what must follow
 * every connect and reconnect), reconnect, heartbeats with drop detection, hold, echoes, pushes, the end-of-hold
 * check and the close. Each writes its request names from {@link Requests}; whatever a step records reaches the
 * report and /metrics alike. Scenario code reaches these through {@code io.wsloadtest.dsl.WsLoad}.
 *
 * <p>What must follow a connect is given once, to {@link #connect(ChainBuilder)}: the user's session then names
 * it, and every connect the user makes afterwards (its first, and every reconnect, from whichever step) runs it.
 */
public final class Steps {

  /** Session attribute: which of {@link #afterConnect} this user's connects run (absent: none). */
  private static final String AFTER_CONNECT = "wsload.afterConnect";

  private final Heartbeat hb;
  private final Echo echo;
  private final Push push;
  private final HoldClock clock;
  private final ChainBuilder assignConnection;
  private final UnaryOperator<WsConnectActionBuilder> handshake;
  private final List<ChainBuilder> afterConnect = new CopyOnWriteArrayList<>();
  /** Null for plain WebSocket. */
  private final ProtocolSteps protocol;
  private final ProtocolSettings protocolSettings;
  private final boolean keepAlive;
  private final List<String> problems = new CopyOnWriteArrayList<>();

  /**
   * @param assignConnection sets #{target} (and the source address) of the user
   * @param handshake adds the run's handshake settings (headers, subprotocol, ...) to a connect
   */
  public Steps(Heartbeat hb, Echo echo, Push push, ProtocolSettings protocol, boolean keepAlive, HoldClock clock,
      ChainBuilder assignConnection, UnaryOperator<WsConnectActionBuilder> handshake) {
    this.protocol = protocol.plain() ? null : new ProtocolSteps(protocol, keepAlive);
    this.keepAlive = keepAlive;
    this.protocolSettings = protocol;
    this.hb = hb;
    this.echo = echo;
    this.push = push;
    this.clock = clock;
    this.assignConnection = assignConnection;
    this.handshake = handshake;
  }

  public HoldClock clock() {
    return clock;
  }

  /** What the simulation asked for that this run cannot do (echoes with a protocol that has no request/reply...). */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /**
   * The user's connect, after which {@code afterEveryConnect} (null: nothing) runs, then and after every
   * reconnect. A failed connect is its one KO and is retried like a drop (backoff, max-reconnects, not past the
   * hold); a user still not connected then stops here.
   */
  public ChainBuilder connect(ChainBuilder afterEveryConnect) {
    ChainBuilder choose = exec(s -> {
      clock.userStarted();
      return s.remove(AFTER_CONNECT);
    });
    if (afterEveryConnect != null) {
      afterConnect.add(afterEveryConnect);
      int id = afterConnect.size() - 1;
      choose = exec(s -> {
        clock.userStarted();
        return s.set(AFTER_CONNECT, id);
      });
    }
    return exec(choose, assignConnection, connectAs(Requests.CONNECT), doIf(ConnectionState::notConnected).then(reconnect()));
  }

  /** While not connected and attempts and time are left: back off, reconnect. A user still not connected stops. */
  public ChainBuilder reconnect() {
    return exec(
        asLongAs(s -> ConnectionState.notConnected(s) && ConnectionState.reconnects(s) < hb.maxReconnects()
            && clock.beforeEnd(s)).on(
            exec(ConnectionState::countAttempt),
            pause(s -> min(ConnectionState.backoff(s, hb.reconnectBackoff(), hb.reconnectBackoffMax()),
                clock.untilEnd(s))),
            exec(Session::markAsSucceeded),
            connectAs(Requests.RECONNECT)),
        doIf(ConnectionState::notConnected).then(exitHere()));
  }

  private ChainBuilder connectAs(String name) {
    if (protocol == null) {
      WsConnectActionBuilder connect = handshake.apply(ws(name).connect("#{target}"))
          .onConnected(exec(ConnectionState.watchNewConnection(keepAlive), GatlingInternals.deferred(this::afterConnectChains)));
      return exec(connect, ConnectionState.connectOutcome());
    }
    // The upgrade is only half of connecting: its record is Gatling's, under a name the stats tap keeps out of the
    // report (a failed upgrade is this connect's KO); the connect record ends when the application accepts.
    WsConnectActionBuilder connect = handshake.apply(ws(name + StatsTap.UPGRADE).connect("#{target}"))
        .onConnected(exec(ConnectionState.watchNewConnection(keepAlive), protocol.accept(name),
            doIf(ConnectionState::connected).then(GatlingInternals.deferred(this::afterConnectChains))));
    return exec(protocol.stampStart(), connect, ConnectionState.connectOutcome());
  }

  /** The user's after-connect chain, chosen by its session: built when Gatling builds the scenario. */
  private ChainBuilder afterConnectChains() {
    if (afterConnect.isEmpty()) {
      return exec(s -> s);
    }
    if (afterConnect.size() == 1) { // Gatling's doSwitch wants two cases at least
      return exec(doIf(s -> s.contains(AFTER_CONNECT)).then(afterConnect.get(0)));
    }
    Choice.WithKey[] cases = new Choice.WithKey[afterConnect.size()];
    for (int i = 0; i < cases.length; i++) {
      cases[i] = onCase(i).then(afterConnect.get(i));
    }
    return exec(doIf(s -> s.contains(AFTER_CONNECT)).then(doSwitch(s -> s.getInt(AFTER_CONNECT)).on(cases)));
  }

  /** One heartbeat as configured (ping frame, or text request and awaited reply), named {@code name}. */
  public ChainBuilder heartbeat(String name) {
    if (protocol != null) {
      return exec(protocol.heartbeat(name, hb.timeout().toMillis()));
    }
    if (hb.mode() == Heartbeat.Mode.PING) {
      return exec(new PingStep(name, hb.timeout()));
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

  /**
   * A heartbeat every interval until the end of the hold (the first at once); drops are detected and the
   * connection reconnected. No beat is due after the end, and the wait for one never outlasts the hold. Each reply
   * is also timed from when its beat was due ("heartbeat (from schedule)"), where the heartbeat asks the server.
   * Ping heartbeats of plain WebSocket beat from the connection's event loop ({@link PingBeats}): the same
   * records and drops without a dozen actions per beat, and a lost connection is reconnected when it is lost.
   */
  public ChainBuilder heartbeatsUntilEnd() {
    if (protocol == null && hb.mode() == Heartbeat.Mode.PING) {
      // The same beats, records and drops, kept on the connection's event loop (see PingBeats).
      return exec(asLongAs(clock::beforeEnd).on(
          exec(new PingBeats(hb, clock), ConnectionState.checkConnection()),
          doIf(ConnectionState::notConnected).then(reconnect())));
    }
    Schedule beats = new Schedule("heartbeat", hb.interval());
    return exec(
        beats.dueNow(),
        asLongAs(clock::beforeEnd).on(
            beats.awaitDue(clock::untilEnd),
            doIf(clock::beforeEnd).then(
                beats.begin(),
                // A connection lost since the last beat is a drop now, not a failed send.
                exec(ConnectionState.checkConnection()),
                doIf(ConnectionState::connected).then(exec(Session::markAsSucceeded), heartbeat(Requests.HEARTBEAT),
                    protocolSettings.heartbeatAsks()
                        ? exec(beats.fromSchedule(Requests.fromSchedule(Requests.HEARTBEAT))) : exec(s -> s),
                    exec(ConnectionState.afterBeat(hb.deadAfter()))),
                doIf(ConnectionState::notConnected).then(reconnect(), exec(beats.dueNow())))));
  }

  /** Stay connected, doing nothing, until the end of the hold. */
  public ChainBuilder holdUntilEnd() {
    return exec(pause(clock::untilEnd));
  }

  /** After the hold: a connection lost meanwhile is a drop (with its cause), a live one must answer one heartbeat. */
  public ChainBuilder aliveAtEnd() {
    return exec(ConnectionState.checkConnection(),
        doIf(ConnectionState::connected).then(heartbeat(Requests.ALIVE_AT_END)));
  }

  /** The orderly close of a live connection; one dropped since the last step is a drop instead. */
  public ChainBuilder close() {
    return exec(ConnectionState.checkConnection(),
        doIf(ConnectionState::connected).then(protocol == null
            ? exec(ws(Requests.CLOSE).close(), ConnectionState.closedByClient())
            : exec(protocol.goodbye(hb.timeout().toMillis()), ws(Requests.CLOSE).close(),
                ConnectionState.closedByClient())));
  }

  /**
   * Echoes as configured: a fresh payload every interval, the echo awaited and compared (only the echo: other
   * messages in between are counted, never taken for it), echo.count times or until the end of the hold. A
   * connection dropped meanwhile is reconnected first.
   */
  public ChainBuilder echoes() {
    ChainBuilder one = protocol != null ? protocolEcho() : echo.binary()
        ? exec(ws(Requests.ECHO_BINARY).sendBytes(Payloads.bytes()).await(echo.timeout()).on(
            ws.checkBinaryMessage(Requests.SAME_BYTES_BACK).matching(
                bodyBytes().transformWithSession(Payloads::sameBytes).is(true))))
        : exec(ws(Requests.ECHO_TEXT).sendText(Payloads.text()).await(echo.timeout()).on(
            ws.checkTextMessage(Requests.SAME_TEXT_BACK).matching(bodyString().isEL(Payloads.EL))));
    Schedule echoes = new Schedule("echo", echo.interval());
    ChainBuilder exchange = exec(ConnectionState.checkConnection(),
        doIf(ConnectionState::notConnected).then(reconnect(), exec(echoes.dueNow())),
        exec(echoes.begin()), Payloads.next(echo), OtherMessages.around(one),
        exec(echoes.fromSchedule(Requests.ECHO_FROM_SCHEDULE)));
    return echo.count() > 0
        ? exec(echoes.dueNow(), repeat(echo.count()).on(echoes.awaitDue(s -> Duration.ofDays(1)), exchange))
        : exec(echoes.dueNow(), asLongAs(clock::beforeEnd).on(echoes.awaitDue(clock::untilEnd),
            doIf(clock::beforeEnd).then(exchange)));
  }

  /** An echo is the protocol's request/reply (an ack, a PUBACK), carrying the payload, timed under its own name. */
  private ChainBuilder protocolEcho() {
    String requestName = protocolSettings.requestName();
    if (requestName.isEmpty()) {
      problems.add(protocolSettings.requestProblem());
      return exec(s -> s);
    }
    if (echo.binary()) {
      problems.add("wsload.echo.type = binary: wsload.protocol = " + protocolSettings.name() + " carries text"
          + " payloads in its requests; use -Dwsload.echo.type=text");
      return exec(s -> s);
    }
    return exec(protocol.request(Payloads.text(), requestName, echo.timeout().toMillis()));
  }

  /**
   * After a connect: ask for pushes and measure every push on the connection. Plain WebSocket sends
   * wsload.push.subscribe; an application protocol subscribes as its section says.
   */
  public ChainBuilder subscribe() {
    if (protocol != null) {
      if (!protocolSettings.subscribeProblem().isEmpty()) {
        problems.add(protocolSettings.subscribeProblem());
      }
      return exec(protocol.subscribe(hb.timeout().toMillis()));
    }
    return push.subscribe().isEmpty() ? exec(PushMeter.listen())
        : exec(PushMeter.listen(), exec(ws(Requests.SUBSCRIBE).sendText(push.subscribe())));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
