package io.wsloadtest.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.config.ServerSettings;
import io.wsloadtest.server.EchoServer;
import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.testkit.GatlingJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * wss:// and handshake secrets through real Gatling JVMs: the embedded server over TLS, a standalone TLS
 * server trusted through a trust store, an untrusted one refused, and a token that reaches the server but
 * nothing the run writes.
 */
class TlsAndSecretsEndToEndTest {

  /** These runs check counts, not speed: TLS handshakes on a busy shared machine can take seconds. */
  static final String[] RELAXED_P99 = {"wsload.assertions.max-p99-ms", "60000"};

  @Test
  void echoOverWssAgainstTheEmbeddedTlsServerGivesTheSameCountsAsOverWs(@TempDir Path results) throws Exception {
    int users = 100;
    GatlingJvm run = GatlingJvm.run("Echo", results, false, Map.of(),
        "users", "" + users, "ramp", "1s", "hold", "1s", "wsload.server.tls.enabled", "true",
        "wsload.echo.count", "5", "wsload.echo.interval", "200ms", "wsload.echo.size", "1024", RELAXED_P99[0], RELAXED_P99[1]);
    assertEquals(0, run.exitCode, run.all());
    assertTrue(run.stdout.contains("targets:    wss://127.0.0.1:"), run.stdout);
    assertTrue(run.stdout.contains("TLS trust:  the JVM's CA certificates and the embedded server's own"), run.stdout);
    RunStatistics s = run.summary();
    assertEquals(users, s.ok("connect"));
    assertEquals(5L * users, s.ok("echo text"));
    assertEquals(5L * users, s.ok("same text back"));
    assertEquals(users, s.ok("close"));
    assertEquals(0, s.totalKo(), s.toString());
  }

  @Test
  void heartbeatOverWssWithATrustStore_andTheTokenReachesTheServerButNoOutput(@TempDir Path results)
      throws Exception {
    int users = 50;
    String token = "tok-" + Long.toHexString(System.nanoTime()) + "-must-not-leak";
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    ServerSettings tls = ServerSettings.loopbackDefaults().withTls(ServerSettings.Tls.SELF_SIGNED);
    try (EchoServer server = new EchoServer(tls).onHandshake(h -> seen.add(String.valueOf(h.get("Authorization"))))) {
      server.start();
      // The token comes from the environment, as the README recommends for secrets.
      GatlingJvm run = GatlingJvm.run("Heartbeat", results, true,
          Map.of("WSLOAD_HANDSHAKE_HEADERS_AUTHORIZATION", "Bearer " + token),
          "users", "" + users, "ramp", "1s", "hold", "2s", "target", server.urls().get(0),
          "wsload.tls.trust-store", server.selfSignedCertificate().toString(),
          "wsload.heartbeat.interval", "1s", "wsload.heartbeat.timeout", "900ms", RELAXED_P99[0], RELAXED_P99[1]);
      assertEquals(0, run.exitCode, run.all());
      RunStatistics s = run.summary();
      assertEquals(users, s.ok("connect"));
      // Each user pings once per second for the 2-3 s it is connected: at least 2 each.
      assertTrue(s.ok(io.wsloadtest.ws.Requests.HEARTBEAT) >= 2L * users, s.toString());
      assertEquals(0, s.totalKo(), s.toString());

      assertEquals(users, seen.size(), "one upgrade per user: " + seen.size());
      assertTrue(seen.stream().allMatch(("Bearer " + token)::equals), "every upgrade carried the header");
      assertTrue(run.stdout.contains("handshake:  authorization=*** (values hidden)"), run.stdout);
      assertTrue(run.stdout.contains("TLS trust:  trust store " + server.selfSignedCertificate()), run.stdout);
      assertFalse(run.all().contains(token), "token in the console output");
      assertTrue(Files.exists(run.report()), "HTML report written");
      assertNowhereUnder(results, token);
    }
  }

  @Test
  void untrustedCertificateIsAKoForEveryConnectWithItsCause(@TempDir Path results) throws Exception {
    try (EchoServer server = new EchoServer(ServerSettings.loopbackDefaults().withTls(ServerSettings.Tls.SELF_SIGNED))) {
      server.start();
      // trust-all off (the default) and no trust store: only the JVM's CAs, which never signed this certificate.
      GatlingJvm run = GatlingJvm.run("Connect", results, false, Map.of(),
          "users", "10", "ramp", "1s", "hold", "1s", "target", server.urls().get(0));
      assertEquals(2, run.exitCode, "failed assertions:\n" + run.all());
      RunStatistics s = run.summary();
      assertEquals(10, s.ko("connect"));
      assertEquals(0, s.ok("connect"));
      assertTrue(s.errors.keySet().stream().anyMatch(e -> e.contains("unable to find valid certification path")
          || e.contains("PKIX path building failed")), s.errors.toString());
      assertTrue(run.stdout.contains("TLS trust:  the JVM's CA certificates"), run.stdout);
    }
  }

  /** The secret in no file the run wrote: simulation.log (binary), the HTML report, its JS and CSS. */
  private static void assertNowhereUnder(Path dir, String secret) throws IOException {
    byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
    List<Path> files;
    try (Stream<Path> all = Files.walk(dir)) {
      files = all.filter(Files::isRegularFile).toList();
    }
    assertTrue(files.size() > 3, "the run wrote its files: " + files);
    for (Path f : files) {
      assertFalse(contains(Files.readAllBytes(f), needle), "secret found in " + f);
    }
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
