package io.wsloadtest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadTestConfigTest {

  static LoadTestConfig load(String... keyValues) {
    return load(Map.of(), keyValues);
  }

  static LoadTestConfig load(Map<String, String> env, String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return LoadTestConfig.parse(p, env);
  }

  /** The single problem reported for these overrides. */
  static String problem(String... keyValues) {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> load(keyValues));
    assertEquals(1, e.problems().size(), () -> "expected one problem, got " + e.problems());
    return e.problems().get(0);
  }

  /**
   * Parsing touches nothing but the configuration: a host that does not resolve, a CSV file, a source IP and a
   * trust store that do not exist, and more users than any open-files limit all parse; preflight refuses them.
   */
  @Test
  void parsingMakesNoLookupsBindsOrFileReads() {
    LoadTestConfig c = LoadTestConfig.parse(props("target", "ws://no-such-host.invalid:9001/echo,csv:/nonexistent/t.csv",
        "wsload.source-ips", "192.0.2.7", "wsload.tls.trust-store", "/nonexistent/store.p12", "users", "5000000"), Map.of());
    assertEquals(List.of("ws://no-such-host.invalid:9001/echo"), c.targets().stream().map(Target::url).toList());
    assertEquals(List.of("/nonexistent/t.csv"), c.targetFiles());
    assertTrue(c.hasFilesToRead());
    assertEquals(5_000_000, c.users());
  }

  @Test
  void defaultsAreTheSmokeProfileAgainstTheEmbeddedServer() {
    LoadTestConfig c = load();
    assertEquals("smoke", c.profile());
    assertTrue(c.embeddedTarget());
    assertEquals(50, c.users());
    assertEquals(Duration.ofSeconds(2), c.heartbeat().interval());
    assertEquals(Injection.Type.RAMP, c.injection().type());
  }

  @Test
  void shortAliasesOverrideTheProfile() {
    LoadTestConfig c = load("users", "7", "ramp", "3s", "hold", "1m", "target", "ws://127.0.0.1:9001/echo");
    assertEquals(7, c.users());
    assertEquals(Duration.ofSeconds(3), c.injection().ramp());
    assertEquals(Duration.ofMinutes(1), c.hold());
    assertFalse(c.embeddedTarget());
    assertEquals("ws://127.0.0.1:9001/echo", c.targets().get(0).url());
  }

  @Test
  void fullKeysAndEnvironmentOverride_withSystemPropertiesWinning() {
    Map<String, String> env = Map.of("WSLOAD_HEARTBEAT_INTERVAL", "9s", "WSLOAD_USERS", "11",
        "WSLOAD_ASSERTIONS_MAX__KO__PERCENT", "2.5");
    LoadTestConfig c = load(env, "wsload.users", "12");
    assertEquals(Duration.ofSeconds(9), c.heartbeat().interval());
    assertEquals(12, c.users());
    assertEquals(2.5, c.assertions().maxKoPercent());
  }

  @Test
  void namedProfileIsSelectedAndOverridable() {
    LoadTestConfig c = load("profile", "steps", "users", "100");
    assertEquals(Injection.Type.STEPS, c.injection().type());
    assertEquals(10, c.injection().stepCount());
    assertEquals(100, c.users());
  }

  @Test
  void the100kProfileParses() {
    LoadTestConfig c = LoadTestConfig.parse(props("profile", "100k"), Map.of());
    assertEquals(100_000, c.users());
    assertEquals(6, c.targets().size());
    assertEquals(12, c.sourceIps().size());
    assertEquals(Duration.ofSeconds(100), c.injection().duration(c.users())); // 1,000/s
  }

  @Test
  void injectionDurations() {
    assertEquals(Duration.ofSeconds(10), load("wsload.injection.type", "rate", "wsload.injection.rate", "100", "users", "1000")
        .injection().duration(1000));
    // 3 stairs of (2s ramp + 5s hold), the last hold being the run's hold.
    assertEquals(Duration.ofSeconds(16), load("wsload.injection.type", "steps", "wsload.injection.steps.count", "3")
        .injection().duration(50));
    assertEquals(Duration.ZERO, load("wsload.injection.type", "at-once").injection().duration(50));
  }

  @Test
  void unknownProfile() {
    String p = problem("profile", "nope");
    assertTrue(p.startsWith("wsload.profile = 'nope': unknown profile; known profiles: "), p);
    assertTrue(p.contains("smoke") && p.contains("100k"), p);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "http://127.0.0.1:80/echo | scheme must be ws:// or wss://, got 'http'",
      "127.0.0.1:9001          | scheme must be ws:// or wss://",
      "ws://127.0.0.1:99999/x   | port 99999 is out of range 1-65535",
      "ws:///echo               | no host in URL",
      "ws://exa mple/           | not a valid URL",
  })
  void badTargetUrls(String url, String expected) {
    String p = problem("target", url);
    assertTrue(p.startsWith("wsload.target = "), p);
    assertTrue(p.contains(expected), p);
  }

  @Test
  void remoteTargetAllowedWithExplicitSwitch() {
    LoadTestConfig c = load("target", "ws://10.1.2.3:9001/echo", "wsload.allow-remote-targets", "true");
    assertEquals("10.1.2.3", c.targets().get(0).host());
  }

  @Test
  void emptyTargetList() {
    assertTrue(problem("target", "").contains("is empty; give 'embedded', ws:// URLs or csv:FILE"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0    | wsload.users = 0: must be a whole number greater than 0",
      "-5   | wsload.users = -5: must be a whole number greater than 0",
      "lots | wsload.users = lots: must be a number",
  })
  void badUsers(String users, String expected) {
    assertTrue(problem("users", users).startsWith(expected));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "hold                     | 0s",
      "hold                     | -5s",
      "ramp                     | 0ms",
      "wsload.heartbeat.timeout | 0s",
      "wsload.echo.interval     | 0s",
  })
  void zeroOrNegativeDurations(String key, String value) {
    String p = problem(key, value);
    assertTrue(p.contains("must be a duration greater than zero"), p);
    assertTrue(p.contains(value), p);
  }

  @Test
  void durationThatIsNotADuration() {
    assertTrue(problem("hold", "forever").startsWith("wsload.hold = forever: must be a duration such as 30s"));
  }

  @Test
  void heartbeatTimeoutMustBeShorterThanInterval() {
    String p = problem("wsload.heartbeat.interval", "2s", "wsload.heartbeat.timeout", "2s");
    assertEquals("wsload.heartbeat.timeout = 2s: must be shorter than wsload.heartbeat.interval (2s)", p);
  }

  @Test
  void unknownInjectionType() {
    assertTrue(problem("wsload.injection.type", "spike").contains("allowed: ramp, rate, steps, at-once"));
  }

  @Test
  void unknownKeyIsRefusedWithSuggestion() {
    String p = problem("wsload.usres", "5");
    assertTrue(p.startsWith("wsload.usres (from system properties): unknown key; did you mean wsload.users?"), p);
  }

  @Test
  void echoSizeAboveFrameLimit() {
    String p = problem("wsload.echo.size", "70000");
    assertTrue(p.contains("larger than the server's frame limit wsload.server.max-frame-bytes (65536)"), p);
  }

  @Test
  void sourceIpRangeExpands() {
    LoadTestConfig c = load("wsload.source-ips", "127.0.0.2-127.0.0.4,127.0.0.9");
    assertEquals(List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.9"),
        c.sourceIps().stream().map(java.net.InetAddress::getHostAddress).toList());
  }

  @Test
  void duplicateSourceIp() {
    assertTrue(problem("wsload.source-ips", "127.0.0.2-127.0.0.4,127.0.0.3").contains("source IP 127.0.0.3 is listed twice"));
  }

  @Test
  void malformedSourceIp() {
    assertTrue(problem("wsload.source-ips", "127.0.0.300").contains("'127.0.0.300' is not an IP address"));
  }

  @Test
  void allProblemsAreReportedTogether() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> load("users", "0", "hold", "0s", "wsload.echo.type", "morse"));
    assertEquals(3, e.problems().size(), e.problems().toString());
    assertTrue(e.getMessage().startsWith("Invalid ws-loadtest configuration, no load was started:"));
  }

  // --- heartbeat mode, dead links, reconnect backoff -----------------------------------------------

  @Test
  void heartbeatModeAndLivenessDefaultsAndOverrides() {
    Heartbeat d = load().heartbeat();
    assertEquals(Heartbeat.Mode.PING, d.mode(), "ping frames: what every RFC 6455 server answers");
    assertEquals(Heartbeat.ReplyMatch.EXACT, d.replyMatch());
    assertEquals(2, d.deadAfter());
    assertEquals(Duration.ofMillis(500), d.reconnectBackoff());
    assertEquals(Duration.ofSeconds(10), d.reconnectBackoffMax());
    Heartbeat p = load("wsload.heartbeat.mode", "text", "wsload.heartbeat.dead-after", "3",
        "wsload.heartbeat.reconnect-backoff", "1s", "wsload.heartbeat.reconnect-backoff-max", "1s",
        "wsload.heartbeat.reply-match", "jsonpath", "wsload.heartbeat.reply", "$.pong").heartbeat();
    assertEquals(Heartbeat.Mode.TEXT, p.mode());
    assertEquals(Heartbeat.ReplyMatch.JSONPATH, p.replyMatch());
    assertEquals(3, p.deadAfter());
    assertEquals(Duration.ofSeconds(1), p.reconnectBackoffMax());
  }

  @Test
  void unknownHeartbeatMode() {
    assertEquals("wsload.heartbeat.mode = pong: must be text (request/reply messages) or ping (ping/pong control frames)",
        problem("wsload.heartbeat.mode", "pong"));
  }

  @ParameterizedTest
  @CsvSource({"0", "-1"})
  void deadAfterMustBePositive(String value) {
    assertEquals("wsload.heartbeat.dead-after = " + value
        + ": must be a whole number greater than 0 (e.g. -Dwsload.heartbeat.dead-after=2)",
        problem("wsload.heartbeat.dead-after", value));
  }

  @Test
  void deadAfterMustBeANumber() {
    assertEquals("wsload.heartbeat.dead-after = twice: must be a number: a whole number greater than 0 (e.g. -Dwsload.heartbeat.dead-after=2)", problem("wsload.heartbeat.dead-after", "twice"));
  }

  @Test
  void reconnectBackoffMustBePositive() {
    String p = problem("wsload.heartbeat.reconnect-backoff", "0s");
    assertEquals("wsload.heartbeat.reconnect-backoff = 0s: must be a duration greater than zero, such as 30s, 5m or 500ms", p);
  }

  @Test
  void reconnectBackoffMaxMustNotBeShorterThanBackoff() {
    assertEquals("wsload.heartbeat.reconnect-backoff-max = 1s: must not be shorter than wsload.heartbeat.reconnect-backoff (2s)",
        problem("wsload.heartbeat.reconnect-backoff", "2s", "wsload.heartbeat.reconnect-backoff-max", "1s"));
  }

  // --- echo server faults ------------------------------------------------------------------------------

  @Test
  void serverFaultsAreOffByDefaultAndSettable() {
    assertFalse(load().server().faults().any());
    ServerFaults f = load("wsload.server.fault.silent-after", "2s",
        "wsload.server.fault.reply-delay", "150ms", "wsload.server.fault.close-fraction", "0.25",
        "wsload.server.fault.close-code", "4001", "wsload.server.fault.close-after", "3s").server().faults();
    assertEquals(new ServerFaults(Duration.ofSeconds(2), Duration.ofMillis(150), 0.25, 4001,
        Duration.ofSeconds(3)), f);
  }

  @ParameterizedTest
  @CsvSource({"wsload.server.fault.silent-after", "wsload.server.fault.reply-delay"})
  void negativeFaultDurations(String key) {
    assertEquals(key + " = -1s: must be 0 (off) or a duration such as 500ms or 2s", problem(key, "-1s"));
  }

  @ParameterizedTest
  @CsvSource({"1.5", "-0.1"})
  void closeFractionOutsideZeroToOne(String value) {
    assertEquals("wsload.server.fault.close-fraction = " + value
        + ": must be between 0 (no connection) and 1 (every connection), e.g. 0.1",
        problem("wsload.server.fault.close-fraction", value));
  }

  @ParameterizedTest
  @CsvSource({"1006", "1005", "1015", "999", "5000", "2000"})
  void closeCodeAServerCannotSend(String code) {
    assertEquals("wsload.server.fault.close-code = " + code + ": is not a close code a server may send; use"
        + " 1000-1003, 1007-1014 or 3000-4999 (1005, 1006 and 1015 are never sent on the wire)",
        problem("wsload.server.fault.close-code", code));
  }

  @Test
  void closeAfterMustBePositive() {
    assertTrue(problem("wsload.server.fault.close-after", "0s")
        .startsWith("wsload.server.fault.close-after = 0s: must be a duration greater than zero"));
  }

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) p.setProperty(kv[i], kv[i + 1]);
    return p;
  }
}
