package io.wsloadtest.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.config.InvalidConfigException;
import io.wsloadtest.config.LoadTestConfig;
import io.wsloadtest.config.Target;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What needs the host: name lookups, binds, files, the open-files limit. BadInputTableTest has the exact messages. */
class HostChecksTest {

  static final long FD_LIMIT = 20_000;

  static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  static LoadTestConfig load(String... kv) {
    return CheckedConfig.load(props(kv), Map.of(), FD_LIMIT);
  }

  static List<String> problems(String... kv) {
    return assertThrows(InvalidConfigException.class, () -> load(kv)).problems();
  }

  @Test
  void unknownAndRemoteHostsAreRefused() {
    assertEquals(List.of("wsload.target = ws://no-such-host.invalid:9001/echo: unknown host 'no-such-host.invalid'"),
        problems("target", "ws://no-such-host.invalid:9001/echo"));
    assertTrue(problems("target", "ws://10.1.2.3:9001/echo").get(0).contains("is not a loopback address"));
    assertEquals("10.1.2.3", load("target", "ws://10.1.2.3:9001/echo", "wsload.allow-remote-targets", "true")
        .targets().get(0).host());
  }

  @Test
  void loopbackNamesPass() {
    assertEquals(List.of("ws://localhost:9001/echo", "ws://127.0.0.9:9002/echo"),
        load("target", "ws://localhost:9001/echo,ws://127.0.0.9:9002/echo").targets().stream().map(Target::url).toList());
  }

  @Test
  void sourceIpsMustBeOnThisHost() {
    // 192.0.2.0/24 is TEST-NET-1: never assigned to a real interface. Nothing is sent to it: we only try to bind.
    assertTrue(problems("wsload.source-ips", "192.0.2.7").get(0)
        .startsWith("wsload.source-ips = 192.0.2.7: is not assigned to any interface of this host"));
    assertEquals(2, load("wsload.source-ips", "127.0.0.2-127.0.0.3").sourceIps().size());
  }

  @Test
  void loopbackAddressesAreLocalAndTestNetIsNot() throws Exception {
    assertTrue(HostChecks.isLocal(InetAddress.getByName("127.0.0.1")));
    assertTrue(HostChecks.isLocal(InetAddress.getByName("127.0.0.77")));
    assertFalse(HostChecks.isLocal(InetAddress.getByName("192.0.2.1")));
  }

  @Test
  void targetsAndSourceIpsFromCsvFiles(@TempDir Path dir) throws Exception {
    Path targets = Files.writeString(dir.resolve("targets.csv"),
        "host,port,path\n# two ports of one server\n127.0.0.1,9001,/echo\nlocalhost, 9002 ,/chat\n");
    Path ips = Files.writeString(dir.resolve("ips.csv"), "ip\n127.0.0.2\n127.0.0.3-127.0.0.4\n");
    LoadTestConfig c = load("target", "csv:" + targets, "wsload.source-ips-csv", ips.toString());
    assertEquals(List.of("ws://127.0.0.1:9001/echo", "ws://localhost:9002/chat"), c.targets().stream().map(Target::url).toList());
    assertEquals(List.of("127.0.0.2", "127.0.0.3", "127.0.0.4"), c.sourceIps().stream().map(a -> a.getHostAddress()).toList());
    assertFalse(c.hasFilesToRead());
  }

  @Test
  void csvProblemsNameTheFileAndLine(@TempDir Path dir) throws Exception {
    assertTrue(problems("target", "csv:" + dir.resolve("nope.csv")).get(0).contains("file not found: " + dir.resolve("nope.csv")));
    Path csv = Files.writeString(dir.resolve("targets.csv"), "127.0.0.1,9001,/echo\n127.0.0.1,nine,/echo\n");
    assertTrue(problems("target", "csv:" + csv).get(0)
        .contains(csv + " line 2 '127.0.0.1,nine,/echo': port 'nine' is not a number 1-65535"));
  }

  @Test
  void aCsvTargetListIsCutToTheShardsShareOnceRead(@TempDir Path dir) throws Exception {
    Path csv = Files.writeString(dir.resolve("t.csv"), "127.0.0.1,9001,/a\n127.0.0.1,9002,/b\n127.0.0.1,9003,/c\n");
    String[] shard1Of3 = {"target", "csv:" + csv, "users", "6", "wsload.shard.count", "3", "wsload.shard.index", "1"};
    assertEquals(List.of(), LoadTestConfig.parse(props(shard1Of3), Map.of()).targets());
    assertEquals(List.of(9002), load(shard1Of3).targets().stream().map(Target::port).toList());
  }

  @Test
  void tooFewCsvSourceIpsForTheShardsIsRefused(@TempDir Path dir) throws Exception {
    Path ips = Files.writeString(dir.resolve("ips.csv"), "127.0.0.2\n");
    assertEquals(List.of("wsload.shard.count = 2: needs at least as many source IPs (1) or targets (1) as shards, so no two"
            + " shards share a (source IP, target) pair; add source IPs (e.g. -Dwsload.source-ips=127.0.0.2-127.0.0.3)"
            + " or target ports, or use fewer shards"),
        problems("target", "ws://127.0.0.1:9001/echo", "users", "4", "wsload.shard.count", "2",
            "wsload.source-ips-csv", ips.toString()));
  }

  @Test
  void moreUsersThanOpenFilesAllow() {
    String p = problems("users", "15000").get(0);
    assertTrue(p.startsWith("wsload.users = 15000: needs 30000 sockets in this process but the open-files limit (20000)"), p);
    assertTrue(p.contains("run the server as its own process (bin/echo-server)"), p);
    assertEquals(15_000, CheckedConfig.load(props("users", "15000"), Map.of(), 40_000).users());
  }

  @Test
  void serverPemFilesMustExist(@TempDir Path dir) {
    Path chain = dir.resolve("chain.pem");
    Path key = dir.resolve("key.pem");
    assertEquals(List.of("wsload.server.tls.cert-chain = " + chain + ": file not found: " + chain.toAbsolutePath(),
            "wsload.server.tls.key = " + key + ": file not found: " + key.toAbsolutePath()),
        problems("wsload.server.tls.enabled", "true", "wsload.server.tls.cert-chain", chain.toString(),
            "wsload.server.tls.key", key.toString()));
  }

  @Test
  void configurationAndHostProblemsAreReportedTogether() {
    assertEquals(List.of("wsload.users = 0: must be a whole number greater than 0 (e.g. -Dusers=1000)",
            "wsload.target = ws://no-such-host.invalid:9001/echo: unknown host 'no-such-host.invalid'"),
        problems("users", "0", "target", "ws://no-such-host.invalid:9001/echo"));
  }
}
