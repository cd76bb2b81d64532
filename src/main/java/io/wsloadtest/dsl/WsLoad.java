package io.wsloadtest.dsl;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.wsloadtest.config.LoadTestConfig;
import io.wsloadtest.run.LoadRun;
import io.wsloadtest.ws.ConnectionState;
import io.wsloadtest.ws.OtherMessages;
import io.wsloadtest.ws.PingStep;
import io.wsloadtest.ws.Steps;
import java.time.Duration;

/**
 * The ws-loadtest DSL, beside Gatling's own: {@code import static io.wsloadtest.dsl.WsLoad.*;} in a simulation
 * that extends {@link WsSimulation}. Every step is a plain Gatling {@link ChainBuilder}, made from the run's
 * configuration (heartbeat, echo, push, reconnect settings; targets, source IPs, handshake), so chains compose
 * with Gatling's {@code exec}, loops and checks, and whatever they record reaches the report and /metrics.
 *
 * <pre>
 *   ScenarioBuilder push = scenario("push").exec(connect(subscribe()), heartbeatsUntilEnd(), close());
 *   { setUp(users(push)).assertions(assertions()).maxDuration(maxDuration()); }
 * </pre>
 */
public final class WsLoad {

  private WsLoad() {}

  // --- connections -------------------------------------------------------------------------------

  /**
   * Connects the user (its target, source IP and handshake from the configuration). A failed connect is its one
   * KO and is retried like a drop (backoff, {@code heartbeat.max-reconnects}, not past the hold); a user still
   * not connected stops here.
   */
  public static ChainBuilder connect() {
    return steps().connect(null);
  }

  /**
   * {@link #connect()}, then {@code afterEveryConnect} (a subscribe, a login message...) after this connect and
   * after every reconnect the user makes later, from whichever step. When it fails, the connection it ran on is
   * closed (its failure is the one KO) and the user reconnects by the same rules.
   */
  public static ChainBuilder connect(ChainBuilder afterEveryConnect) {
    return steps().connect(afterEveryConnect);
  }

  /** When the user's connection dropped: back off and reconnect, boundedly; a user still not connected stops. */
  public static ChainBuilder reconnect() {
    return steps().reconnect();
  }

  /** The orderly close of the connection; one that dropped since the last step is a "drop" with its cause. */
  public static ChainBuilder close() {
    return steps().close();
  }

  /** True while the user holds a connection (for {@code doIf}, {@code asLongAs}). */
  public static boolean connected(Session session) {
    return ConnectionState.connected(session);
  }

  // --- keeping connections -----------------------------------------------------------------------

  /** One heartbeat as configured (ping frame, or text request and its reply), request "heartbeat". */
  public static ChainBuilder heartbeat() {
    return steps().heartbeat(io.wsloadtest.ws.Requests.HEARTBEAT);
  }

  /** A heartbeat every interval until the end of the hold; drops are detected and reconnected. */
  public static ChainBuilder heartbeatsUntilEnd() {
    return steps().heartbeatsUntilEnd();
  }

  /** Stay connected, sending nothing, until the end of the hold. */
  public static ChainBuilder holdUntilEnd() {
    return steps().holdUntilEnd();
  }

  /** After the hold: the connection must have survived it and answer one heartbeat ("alive at end"). */
  public static ChainBuilder aliveAtEnd() {
    return steps().aliveAtEnd();
  }

  /** A WebSocket ping frame whose pong must come within {@code timeout} (Gatling cannot send pings itself). */
  public static ActionBuilder ping(String requestName, Duration timeout) {
    return new PingStep(requestName, timeout);
  }

  // --- traffic -----------------------------------------------------------------------------------

  /** Echoes as configured (wsload.echo): each checked against what was sent, round trip timed. */
  public static ChainBuilder echoes() {
    return steps().echoes();
  }

  /**
   * For {@link #connect(ChainBuilder)}: asks for pushes (wsload.push.subscribe) and measures every push the
   * connection receives: delivery latency, gaps and duplicates.
   */
  public static ChainBuilder subscribe() {
    return steps().subscribe();
  }

  /**
   * Runs {@code exchange} (a send whose reply is awaited with Gatling's {@code matching}) and counts the other
   * messages that arrived meanwhile as "other messages" records: never a KO, never taken for the reply.
   */
  public static ChainBuilder countingOtherMessages(ChainBuilder exchange) {
    return OtherMessages.around(exchange);
  }

  // --- the run -----------------------------------------------------------------------------------

  /** The configured users running {@code scenario}: injection, protocol (source IPs, headers), live metrics. */
  public static PopulationBuilder users(ScenarioBuilder scenario) {
    return LoadRun.current().users(scenario);
  }

  /** Pass/fail as configured: KO share, p99, every user attempted its connect, something was measured. */
  public static Assertion[] assertions() {
    return LoadRun.current().assertions();
  }

  /** A hard stop well after the planned end, so a stuck run cannot go on forever. */
  public static Duration maxDuration() {
    return LoadRun.current().maxDuration();
  }

  /** The run's whole configuration, validated. */
  public static LoadTestConfig config() {
    return LoadRun.current().config();
  }

  // --- the simulation's own settings (wsload.scenario.KEY) ---------------------------------------

  /** This simulation's setting {@code wsload.scenario.KEY}, {@code fallback} when not set. */
  public static String setting(String key, String fallback) {
    return LoadRun.current().settings().string(key, fallback);
  }

  public static int setting(String key, int fallback) {
    return LoadRun.current().settings().integer(key, fallback);
  }

  public static long setting(String key, long fallback) {
    return LoadRun.current().settings().longInteger(key, fallback);
  }

  public static double setting(String key, double fallback) {
    return LoadRun.current().settings().number(key, fallback);
  }

  public static boolean setting(String key, boolean fallback) {
    return LoadRun.current().settings().bool(key, fallback);
  }

  public static Duration setting(String key, Duration fallback) {
    return LoadRun.current().settings().duration(key, fallback);
  }

  private static Steps steps() {
    return LoadRun.current().steps();
  }
}
