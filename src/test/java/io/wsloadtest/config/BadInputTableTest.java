package io.wsloadtest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.wsloadtest.preflight.CheckedConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input table: each row is one mistake a user can make, the overrides that make it, and the exact
 * message that refuses it before any load (key, value, what to do). Rows go through CheckedConfig.load (parse, then
 * the host checks), the same call a Gatling JVM makes first; BadInputEndToEndTest runs some rows through real Gatling JVMs and an
 * unknown -Dsimulation through Maven.
 */
class BadInputTableTest {

  static final long FD_LIMIT = 20_000;
  static final Path DIR = tempDir();

  static Stream<Arguments> rows() throws Exception {
    Path badRow = write("bad-row.csv", "host,port,path\n127.0.0.1,9001,/echo\n127.0.0.1,nine,/echo\n");
    Path badPort = write("bad-port.csv", "127.0.0.1,9001,/echo\n\n# a comment\n127.0.0.1,70000,/echo\n");
    Path remote = write("remote.csv", "127.0.0.1,9001,/echo\n10.1.2.3,9001,/echo\n");
    Path missing = DIR.resolve("missing.csv");
    Path notAStore = write("not-a-store.txt", "hello\n");
    Path pem = certificate();
    return Stream.of(
        row("malformed URL", new String[] {"target", "ws://exa mple/"},
            "wsload.target = ws://exa mple/: not a valid URL (Illegal character in authority); expected ws://host:port/path"),
        row("not a ws:// URL", new String[] {"target", "http://127.0.0.1:80/echo"},
            "wsload.target = http://127.0.0.1:80/echo: scheme must be ws:// or wss://, got 'http'"),
        row("no scheme", new String[] {"target", "127.0.0.1:9001"},
            "wsload.target = 127.0.0.1:9001: scheme must be ws:// or wss://, got none; expected ws://host:port/path"),
        row("unknown host", new String[] {"target", "ws://no-such-host.invalid:9001/echo"},
            "wsload.target = ws://no-such-host.invalid:9001/echo: unknown host 'no-such-host.invalid'"),
        row("port out of range in a URL", new String[] {"target", "ws://127.0.0.1:99999/x"},
            "wsload.target = ws://127.0.0.1:99999/x: port 99999 is out of range 1-65535"),
        row("port out of range in a CSV", new String[] {"target", "csv:" + badPort},
            "wsload.target = csv:" + badPort + ": " + badPort + " line 4 '127.0.0.1,70000,/echo': port 70000 is out of range 1-65535"),
        row("empty target list", new String[] {"target", ""},
            "wsload.target = []: is empty; give 'embedded', ws:// URLs or csv:FILE"),
        row("remote target by URL", new String[] {"target", "ws://10.1.2.3:9001/echo"},
            "wsload.target = ws://10.1.2.3:9001/echo: host 10.1.2.3 is not a loopback address; to load-test another"
                + " host on purpose set -Dwsload.allow-remote-targets=true"),
        row("remote target in a CSV", new String[] {"target", "csv:" + remote},
            "wsload.target = csv:" + remote + ": target ws://10.1.2.3:9001/echo: host 10.1.2.3 is not a loopback"
                + " address; to load-test another host on purpose set -Dwsload.allow-remote-targets=true"),
        row("users = 0", new String[] {"users", "0"},
            "wsload.users = 0: must be a whole number greater than 0 (e.g. -Dusers=1000)"),
        row("users negative", new String[] {"users", "-5"},
            "wsload.users = -5: must be a whole number greater than 0 (e.g. -Dusers=1000)"),
        row("users not a number", new String[] {"users", "lots"},
            "wsload.users = lots: must be a number: a whole number greater than 0 (e.g. -Dusers=1000)"),
        row("zero duration", new String[] {"hold", "0s"},
            "wsload.hold = 0s: must be a duration greater than zero, such as 30s, 5m or 500ms"),
        row("negative duration", new String[] {"ramp", "-5s"},
            "wsload.ramp = -5s: must be a duration greater than zero, such as 30s, 5m or 500ms"),
        row("not a duration", new String[] {"hold", "forever"},
            "wsload.hold = forever: must be a duration such as 30s, 5m or 500ms"),
        row("unknown profile", new String[] {"profile", "nope"},
            "wsload.profile = 'nope': unknown profile; known profiles: 100k, 100k-pods, 15k, 250k, smoke, soak, steps"),
        row("missing CSV", new String[] {"target", "csv:" + missing},
            "wsload.target = csv:" + missing + ": file not found: " + missing),
        row("CSV with a bad row", new String[] {"target", "csv:" + badRow},
            "wsload.target = csv:" + badRow + ": " + badRow + " line 3 '127.0.0.1,nine,/echo': port 'nine' is not a number 1-65535"),
        row("duplicate source IPs", new String[] {"wsload.source-ips", "127.0.0.2-127.0.0.4,127.0.0.3"},
            "wsload.source-ips = [127.0.0.2-127.0.0.4, 127.0.0.3]: source IP 127.0.0.3 is listed twice"),
        // 192.0.2.0/24 is TEST-NET-1, never on a real interface; nothing is sent to it.
        row("source IP not on this host", new String[] {"wsload.source-ips", "192.0.2.7"},
            "wsload.source-ips = 192.0.2.7: is not assigned to any interface of this host (add it, e.g."
                + " `ip addr add 192.0.2.7/32 dev lo`, or remove it)"),
        // A pod or host with loopback source IPs (the 100k profile's) against a server elsewhere: EINVAL on every connect.
        row("loopback source IPs towards a target outside loopback", new String[] {"wsload.source-ips",
            "127.0.0.2-127.0.0.13", "target", "ws://10.1.2.3:9001/echo", "wsload.allow-remote-targets", "true"},
            "wsload.source-ips = 127.0.0.2 ... 127.0.0.13 (12 addresses): loopback source addresses cannot reach"
                + " ws://10.1.2.3:9001/echo (10.1.2.3, not loopback): Linux refuses such a connect, every one would"
                + " fail; use addresses of this host's network interfaces as source IPs, or none (a pod has one"
                + " address of its own: the 100k-pods profile sets none)"),
        row("shard ready timeout of zero", new String[] {"wsload.shard.ready-timeout", "0s"},
            "wsload.shard.ready-timeout = 0s: must be a duration greater than zero, such as 30s, 5m or 500ms"),
        row("shard warm-up users not a number", new String[] {"wsload.shard.warm-up-users", "1k"},
            "wsload.shard.warm-up-users = 1k: must be a number"),
        row("heartbeat timeout = interval", new String[] {"wsload.heartbeat.interval", "2s", "wsload.heartbeat.timeout", "2s"},
            "wsload.heartbeat.timeout = 2s: must be shorter than wsload.heartbeat.interval (2s)"),
        row("heartbeat timeout > interval", new String[] {"wsload.heartbeat.interval", "1s", "wsload.heartbeat.timeout", "3s"},
            "wsload.heartbeat.timeout = 3s: must be shorter than wsload.heartbeat.interval (1s)"),
        row("message above the server's frame limit", new String[] {"wsload.echo.size", "70000"},
            "wsload.echo.size = 70000: is larger than the server's frame limit wsload.server.max-frame-bytes (65536);"
                + " the server would close with 1009"),
        row("more users than the open-files limit allows", new String[] {"users", "15000"},
            "wsload.users = 15000: needs 30000 sockets in this process but the open-files limit (20000) leaves room"
                + " for 19700; run the server as its own process (bin/echo-server) and set"
                + " -Dtarget=ws://127.0.0.1:PORT/echo, raise `ulimit -n`, or split the run into shards of at most 9850 users"),
        row("unknown heartbeat reply match", new String[] {"wsload.heartbeat.reply-match", "glob"},
            "wsload.heartbeat.reply-match = glob: must be exact, regex or jsonpath"),
        row("heartbeat reply that is not a regex", new String[] {"wsload.heartbeat.reply-match", "regex",
            "wsload.heartbeat.reply", "pong("},
            "wsload.heartbeat.reply = pong(: is not a valid regular expression: Unclosed group"),
        row("unknown protocol", new String[] {"wsload.protocol", "sockets"},
            "wsload.protocol = sockets: unknown protocol; known: websocket, graphql-ws, socketio, mqtt, stomp"),
        row("Socket.IO namespace without its slash", new String[] {"wsload.protocol", "socketio",
            "wsload.socketio.namespace", "chat"},
            "wsload.socketio.namespace = chat: must start with '/', e.g. / or /chat"),
        row("Socket.IO auth that is not JSON", new String[] {"wsload.protocol", "socketio", "wsload.socketio.auth",
            "{\"token\":"},
            "wsload.socketio.auth = {\"token\":: is not valid JSON: Unexpected end-of-input within/between Object entries"),
        row("Socket.IO auth that is not an object", new String[] {"wsload.protocol", "socketio", "wsload.socketio.auth",
            "[\"secret\"]"},
            "wsload.socketio.auth = [\"secret\"]: must be a JSON object, e.g. {\"token\":\"#{token}\"}"),
        row("Socket.IO subscribe data that is not JSON", new String[] {"wsload.protocol", "socketio",
            "wsload.socketio.subscribe-data", "ticks"},
            "wsload.socketio.subscribe-data = ticks: is not valid JSON: Unrecognized token 'ticks': was expecting (JSON"
                + " String, Number, Array, Object or token 'null', 'true' or 'false'); a string is written with its"
                + " quotes, e.g. \"ticks\""),
        row("Socket.IO request event empty", new String[] {"wsload.protocol", "socketio",
            "wsload.socketio.request-event", ""},
            "wsload.socketio.request-event = \"\": must not be empty"),
        row("a Socket.IO setting with another protocol", new String[] {"wsload.socketio.auth", "{\"token\":\"secret\"}"},
            "wsload.socketio.auth = {\"token\":\"secret\"}: a setting of protocol socketio, but wsload.protocol ="
                + " websocket; remove it or set -Dwsload.protocol=socketio"),
        row("MQTT keep-alive in fractions of a second", new String[] {"wsload.protocol", "mqtt", "wsload.mqtt.keep-alive",
            "1500ms"},
            "wsload.mqtt.keep-alive = 1500ms: must be whole seconds (MQTT counts keepAlive in seconds), e.g. 30s"),
        row("MQTT keep-alive beyond its two bytes", new String[] {"wsload.protocol", "mqtt", "wsload.mqtt.keep-alive",
            "20h"},
            "wsload.mqtt.keep-alive = 20h: must be at most 65535s, MQTT's largest keepAlive"),
        row("MQTT QoS 2", new String[] {"wsload.protocol", "mqtt", "wsload.mqtt.qos", "2"},
            "wsload.mqtt.qos = 2: must be 0 or 1"),
        row("unknown MQTT version", new String[] {"wsload.protocol", "mqtt", "wsload.mqtt.version", "3.1"},
            "wsload.mqtt.version = 3.1: must be 3.1.1 or 5"),
        row("MQTT topic filter with # inside", new String[] {"wsload.protocol", "mqtt", "wsload.mqtt.topic", "ticks/#/x"},
            "wsload.mqtt.topic = ticks/#/x: is not a valid topic filter: '#' may only be the last level and '+' a whole"
                + " level, e.g. sensors/+/temperature or ticks/#"),
        row("MQTT request topic with a wildcard", new String[] {"wsload.protocol", "mqtt", "wsload.mqtt.request-topic",
            "echo/+"},
            "wsload.mqtt.request-topic = echo/+: is a topic to publish to: no wildcards + or #"),
        row("an MQTT setting with another protocol", new String[] {"wsload.protocol", "socketio", "wsload.mqtt.topic",
            "ticks"},
            "wsload.mqtt.topic = ticks: a setting of protocol mqtt, but wsload.protocol = socketio; remove it or set"
                + " -Dwsload.protocol=mqtt"),
        row("per-user handshake values without a users CSV", new String[] {
            "wsload.handshake.user-headers.Authorization", "Bearer #{token}"},
            "wsload.handshake.users-csv = \"\": is needed by wsload.handshake.user-headers / user-query (their"
                + " #{column} values come from it), e.g. -Dwsload.handshake.users-csv=users.csv"),
        row("unknown key", new String[] {"wsload.usres", "5"},
            "wsload.usres (from system properties): unknown key; did you mean wsload.users?"),
        row("missing trust store", new String[] {"wsload.tls.trust-store", DIR.resolve("nope.p12").toString()},
            "wsload.tls.trust-store = " + DIR.resolve("nope.p12") + ": file not found: " + DIR.resolve("nope.p12")),
        row("trust store that is not one", new String[] {"wsload.tls.trust-store", notAStore.toString()},
            "wsload.tls.trust-store = " + notAStore + ": cannot read it as PEM certificates or a PKCS12/JKS store"
                + " with the given password (Unrecognized keystore format. Please load it with a specified type)"),
        row("trust-all with a trust store", new String[] {"wsload.tls.trust-all", "true", "wsload.tls.trust-store", pem.toString()},
            "wsload.tls.trust-all = true: accepts any certificate, so wsload.tls.trust-store (" + pem + ") would be"
                + " ignored; set one or the other"),
        row("server certificate without its key", new String[] {"wsload.server.tls.enabled", "true", "wsload.server.tls.cert-chain", pem.toString()},
            "wsload.server.tls.key = \"\": wsload.server.tls.cert-chain and wsload.server.tls.key go together (PEM files);"
                + " give both, or neither for a self-signed certificate"),
        row("server connection limit negative", new String[] {"wsload.server.max-connections", "-1"},
            "wsload.server.max-connections = -1: must be 0 (as many as the open-files limit allows) or more"),
        row("server handshake timeout zero", new String[] {"wsload.server.handshake-timeout", "0s"},
            "wsload.server.handshake-timeout = 0s: must be a duration greater than zero, such as 30s, 5m or 500ms"),
        row("handshake header with an invalid name", new String[] {"wsload.handshake.headers.Bad Name", "secret-1"},
            "wsload.handshake.headers.Bad Name = (hidden): 'Bad Name' is not a valid HTTP header name"),
        // The value is a secret: the message must not repeat it, even when it is wrong.
        row("handshake header value with a line break", new String[] {"wsload.handshake.headers.Authorization", "secret-2\r\nX-Evil: 1"},
            "wsload.handshake.headers.Authorization = (hidden): must not contain line breaks"),
        row("STOMP without a virtual host", new String[] {"wsload.protocol", "stomp", "wsload.stomp.host", ""},
            "wsload.stomp.host = \"\": must not be empty: STOMP 1.2's CONNECT names the broker's virtual host"
                + " (RabbitMQ: its vhost, \"/\" by default)"),
        row("STOMP heart-beat below a millisecond", new String[] {"wsload.protocol", "stomp",
            "wsload.stomp.heart-beat.receive", "500us"},
            "wsload.stomp.heart-beat.receive = 500us: must be 0 (off) or at least 1ms: STOMP counts heart-beats in"
                + " whole milliseconds"),
        row("negative ramp-down", new String[] {"wsload.ramp-down", "-5s"},
            "wsload.ramp-down = -5s: must be 0 (off) or a duration such as 500ms or 2s"),
        row("STOMP heart-beat negative", new String[] {"wsload.protocol", "stomp", "wsload.stomp.heart-beat.send", "-1s"},
            "wsload.stomp.heart-beat.send = -1s: must be 0 (off) or a duration such as 500ms or 2s"),
        row("a STOMP setting without wsload.protocol = stomp", new String[] {"wsload.stomp.destination", "/topic/x"},
            "wsload.stomp.destination = /topic/x: a setting of protocol stomp, but wsload.protocol = websocket;"
                + " remove it or set -Dwsload.protocol=stomp"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void refusedBeforeLoadWithTheExactMessage(String mistake, String[] overrides, String expected) {
    Properties p = new Properties();
    for (int i = 0; i < overrides.length; i += 2) {
      p.setProperty(overrides[i], overrides[i + 1]);
    }
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> CheckedConfig.load(p, Map.of(), FD_LIMIT));
    assertEquals(List.of(expected), e.problems(), mistake);
    assertEquals("Invalid ws-loadtest configuration, no load was started:\n  - " + expected, e.getMessage());
  }

  @Test
  void theTableCoversAtLeastTheIssuesFifteenCases() throws Exception {
    org.junit.jupiter.api.Assertions.assertTrue(rows().count() >= 15);
  }

  @Test
  void environmentVariablesAreRefusedWithTheSameMessages() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> CheckedConfig.load(new Properties(),
        Map.of("WSLOAD_HEARTBEAT_INTERVAL", "1s", "WSLOAD_HEARTBEAT_TIMEOUT", "1s"), FD_LIMIT));
    assertEquals(List.of("wsload.heartbeat.timeout = 1s: must be shorter than wsload.heartbeat.interval (1s)"), e.problems());
  }

  @Test
  void remoteTargetsFromCsvAreAllowedWithTheExplicitSwitch() throws Exception {
    Path remote = write("remote-allowed.csv", "127.0.0.1,9001,/echo\n10.1.2.3,9001,/echo\n");
    Properties p = new Properties();
    p.setProperty("target", "csv:" + remote);
    p.setProperty("wsload.allow-remote-targets", "true");
    LoadTestConfig c = CheckedConfig.load(p, Map.of(), FD_LIMIT);
    assertEquals(List.of("ws://127.0.0.1:9001/echo", "ws://10.1.2.3:9001/echo"), c.targets().stream().map(t -> t.url()).toList());
  }

  @AfterAll
  static void cleanUp() throws IOException {
    try (Stream<Path> files = Files.walk(DIR)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  private static Arguments row(String mistake, String[] overrides, String expected) {
    return Arguments.of(mistake, overrides, expected);
  }

  private static Path write(String name, String content) throws IOException {
    return Files.writeString(DIR.resolve(name), content);
  }

  /** A real PEM certificate, for rows where the file must be valid so that only the mistake is reported. */
  private static Path certificate() throws Exception {
    SelfSignedCertificate ssc = new SelfSignedCertificate("localhost");
    try {
      return Files.copy(ssc.certificate().toPath(), DIR.resolve("server.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } finally {
      ssc.delete();
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("bad-input");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
