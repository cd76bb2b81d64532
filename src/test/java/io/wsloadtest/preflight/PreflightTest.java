package io.wsloadtest.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.config.LoadTestConfig;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Plans against a described host: the checks, their verdicts and the fixes they name. */
class PreflightTest {

  /** This machine's kind: 20k open files, default port range, 24 GB. */
  static final HostFacts HOST = new HostFacts(20_000, 20_000, 28_232, OptionalLong.of(2), OptionalLong.of(4096),
      OptionalLong.of(2048), OptionalLong.of(2_466_186), OptionalLong.of(23_000));

  static LoadTestConfig config(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return CheckedConfig.load(p, Map.of(), Long.MAX_VALUE);
  }

  static Preflight.Check check(Preflight.Report r, String prefix) {
    return r.checks().stream().filter(c -> c.what().startsWith(prefix)).findFirst().orElseThrow();
  }

  @Test
  void the100kProfileNeedsSixShardsHere() {
    LoadTestConfig c = config("profile", "100k");
    assertEquals(6, Preflight.shardsNeeded(c.users(), false, HOST.openFilesHard()));
    Preflight.Report r = Preflight.check(c, 6, 6, HOST, HOST.openFilesHard());
    assertFalse(r.refused(), r.table());
    assertEquals(16_667, r.usersPerShard());
  }

  @Test
  void tooFewShardsIsRefusedWithTheShardCountToUse() {
    Preflight.Report r = Preflight.check(config("profile", "100k"), 4, 0, HOST, HOST.openFilesHard());
    assertTrue(r.refused());
    Preflight.Check fd = check(r, "open files per injector");
    assertEquals(Preflight.Verdict.FAIL, fd.verdict());
    assertTrue(fd.fix().startsWith("use at least 6 shards (--shards 6)"), fd.fix());
  }

  @Test
  void boundSourceIpsGiveOneEphemeralRangeEach() {
    // 60k connections from 2 bound source IPs: 2 x 28,232 ports is not enough, whatever the destinations.
    LoadTestConfig c = config("users", "60000", "target", "ws://127.0.0.1:9001/echo,ws://127.0.0.1:9002/echo,"
        + "ws://127.0.0.1:9003/echo,ws://127.0.0.1:9004/echo", "wsload.source-ips", "127.0.0.2-127.0.0.3");
    Preflight.Check ports = check(Preflight.check(c, 4, 0, HOST, HOST.openFilesHard()), "ephemeral ports");
    assertEquals(Preflight.Verdict.FAIL, ports.verdict(), ports.toString());
    assertEquals("2 x 28232 = 56464 (28232 fast)", ports.host());
    assertTrue(ports.fix().contains("use at least 5 source IPs, e.g. -Dwsload.source-ips=127.0.0.2-127.0.0.6"), ports.fix());
  }

  @Test
  void pastHalfTheRangePerBoundSourceIpIsMarginal() {
    // 16,667 connections from one bound source IP: possible (28,232 ports) but past the fast half.
    LoadTestConfig c = config("users", "16667", "target", "ws://127.0.0.1:9001/echo", "wsload.source-ips", "127.0.0.2");
    Preflight.Check ports = check(Preflight.check(c, 1, 0, HOST, HOST.openFilesHard()), "ephemeral ports");
    assertEquals(Preflight.Verdict.WARN, ports.verdict(), ports.toString());
    assertTrue(ports.fix().contains("binds slow down past half of it: use at least 2 source IPs"), ports.fix());
  }

  @Test
  void unboundConnectsGetOneRangePerDestination() {
    LoadTestConfig c = config("users", "30000", "target", "ws://127.0.0.1:9001/echo");
    Preflight.Check ports = check(Preflight.check(c, 2, 0, HOST, HOST.openFilesHard()), "ephemeral ports");
    assertEquals(Preflight.Verdict.FAIL, ports.verdict());
    assertTrue(ports.fix().startsWith("one port range per destination ip:port: use at least 2 target ports"), ports.fix());
    LoadTestConfig two = config("users", "30000", "target", "ws://127.0.0.1:9001/echo,ws://127.0.0.1:9002/echo");
    assertEquals(Preflight.Verdict.OK, check(Preflight.check(two, 2, 0, HOST, HOST.openFilesHard()), "ephemeral ports").verdict());
  }

  @Test
  void namesThatResolveToTheSameAddressAreOneDestination() {
    // localhost and 127.0.0.1 on one port share one ephemeral range: 30k connections do not fit.
    LoadTestConfig c = config("users", "30000", "target", "ws://localhost:9001/echo,ws://127.0.0.1:9001/echo");
    assertEquals(List.of("127.0.0.1:9001"), Preflight.destinations(c));
    Preflight.Check ports = check(Preflight.check(c, 2, 0, HOST, HOST.openFilesHard()), "ephemeral ports");
    assertEquals("ephemeral ports (1 destination)", ports.what());
    assertEquals(Preflight.Verdict.FAIL, ports.verdict());
    // 127.0.0.2 is another address on loopback: its own range.
    LoadTestConfig two = config("users", "30000", "target", "ws://localhost:9001/echo,ws://127.0.0.2:9001/echo");
    assertEquals(List.of("127.0.0.1:9001", "127.0.0.2:9001"), Preflight.destinations(two));
    assertEquals(Preflight.Verdict.OK, check(Preflight.check(two, 2, 0, HOST, HOST.openFilesHard()), "ephemeral ports").verdict());
  }

  @Test
  void eachPortOfTheEmbeddedServerIsItsOwnDestination() {
    LoadTestConfig one = config("users", "9000", "wsload.server.ports", "0");
    assertEquals(1, Preflight.destinations(one).size());
    LoadTestConfig three = config("users", "9000", "wsload.server.ports", "0,0,0");
    assertEquals(3, Preflight.destinations(three).size());
    LoadTestConfig fixed = config("users", "9000", "wsload.server.ports", "9101,9102");
    assertEquals(List.of("127.0.0.1:9101", "127.0.0.1:9102"), Preflight.destinations(fixed));
    assertEquals("ephemeral ports (3 destinations)",
        check(Preflight.check(three, 1, 0, HOST, HOST.openFilesHard()), "ephemeral ports").what());
  }

  @Test
  void marginalPortUseIsAWarningNotARefusal() {
    LoadTestConfig c = config("users", "25000", "target", "ws://127.0.0.1:9001/echo");
    Preflight.Report r = Preflight.check(c, 2, 0, HOST, HOST.openFilesHard());
    assertEquals(Preflight.Verdict.WARN, check(r, "ephemeral ports").verdict());
    assertFalse(r.refused());
    assertTrue(r.table().contains("WARN ephemeral ports"), r.table());
  }

  @Test
  void tooFewServerProcessesIsRefused() {
    LoadTestConfig c = config("users", "30000", "target", "ws://127.0.0.1:9001/echo,ws://127.0.0.1:9002/echo",
        "wsload.source-ips", "127.0.0.2-127.0.0.3");
    Preflight.Check servers = check(Preflight.check(c, 2, 1, HOST, HOST.openFilesHard()), "open files per server");
    assertEquals(Preflight.Verdict.FAIL, servers.verdict());
  }

  @Test
  void kernelSettingsThatHurtAreWarnings() {
    HostFacts tight = new HostFacts(20_000, 20_000, 28_232, OptionalLong.of(0), OptionalLong.of(128),
        OptionalLong.of(128), OptionalLong.of(2_466_186), OptionalLong.of(23_000));
    Preflight.Report r = Preflight.check(config("users", "1000", "target", "ws://127.0.0.1:9001/echo"), 1, 0, tight, 20_000);
    assertEquals(Preflight.Verdict.WARN, check(r, "net.ipv4.tcp_tw_reuse").verdict());
    assertEquals(Preflight.Verdict.WARN, check(r, "net.core.somaxconn").verdict());
    assertTrue(check(r, "net.ipv4.tcp_tw_reuse").fix().contains("sysctl -w net.ipv4.tcp_tw_reuse=1"));
    assertFalse(r.refused());
  }

  @Test
  void hostFactsAreReadFromThisMachine() {
    HostFacts h = HostFacts.read();
    assertTrue(h.openFilesSoft() > 0 && h.openFilesHard() >= h.openFilesSoft(), h.toString());
    assertTrue(h.ephemeralPorts() > 1000, h.toString());
  }
}
