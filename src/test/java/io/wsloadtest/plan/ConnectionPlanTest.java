package io.wsloadtest.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.config.Target;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionPlanTest {

  @Test
  void csvTargetsWithHeaderCommentsBlankLinesAndScheme(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("t.csv");
    Files.writeString(csv, "host,port,path,scheme\n\n# staging\n127.0.0.1,9001,/a\n127.0.0.1,9443,/b?x=1,wss\n127.0.0.2,9002\n");
    List<Target> t = TargetCsv.read(csv);
    assertEquals(List.of("ws://127.0.0.1:9001/a", "wss://127.0.0.1:9443/b?x=1", "ws://127.0.0.2:9002/"),
        t.stream().map(Target::url).toList());
  }

  @Test
  void csvBadRowsNameFileLineAndReason(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("t.csv");
    Files.writeString(csv, "127.0.0.1,9001,/a\n127.0.0.1,70000,/a\n");
    assertEquals(csv + " line 2 '127.0.0.1,70000,/a': port 70000 is out of range 1-65535",
        assertThrows(IllegalArgumentException.class, () -> TargetCsv.read(csv)).getMessage());
    Files.writeString(csv, "127.0.0.1\n");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TargetCsv.read(csv)).getMessage()
        .endsWith("line 1 '127.0.0.1': expected host,port,path[,ws|wss] but found 1 field(s)"));
    Files.writeString(csv, "127.0.0.1,9001,echo\n");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TargetCsv.read(csv)).getMessage()
        .endsWith("path 'echo' must start with /"));
    Files.writeString(csv, "127.0.0.1,9001,/echo,http\n");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TargetCsv.read(csv)).getMessage()
        .endsWith("scheme 'http' must be ws or wss"));
    Files.writeString(csv, "host,port,path\n# nothing\n");
    assertEquals(csv + " has no data rows", assertThrows(IllegalArgumentException.class, () -> TargetCsv.read(csv)).getMessage());
  }

  @Test
  void sourceIpsFromCsv(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("ips.csv");
    Files.writeString(csv, "ip\n127.0.0.2\n127.0.0.5-127.0.0.6\n");
    assertEquals(List.of("127.0.0.2", "127.0.0.5", "127.0.0.6"),
        SourceIps.readCsv(csv).stream().map(InetAddress::getHostAddress).toList());
  }

  @Test
  void planGivesEveryPairOfSourceIpAndTargetAnEqualShare() throws Exception {
    // Equal-length lists are the lock-step trap: independent rotation would pair IP i with target i only.
    List<Target> targets = List.of(Target.parseUrl("ws://127.0.0.1:1/a"), Target.parseUrl("ws://127.0.0.1:2/a"));
    List<InetAddress> ips = List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3"));
    ConnectionPlan plan = new ConnectionPlan(targets, ips);
    Map<String, Integer> pairs = new HashMap<>();
    for (long user = 1; user <= 400; user++) {
      ConnectionPlan.Assignment a = plan.assign(user);
      pairs.merge(a.sourceIp().getHostAddress() + "->" + a.target().port(), 1, Integer::sum);
    }
    assertEquals(Map.of("127.0.0.2->1", 100, "127.0.0.2->2", 100, "127.0.0.3->1", 100, "127.0.0.3->2", 100), pairs);
  }

  @Test
  void planWithoutSourceIpsLeavesTheChoiceToTheKernel() {
    ConnectionPlan plan = new ConnectionPlan(List.of(Target.parseUrl("ws://127.0.0.1:1/a")), List.of());
    assertNull(plan.assign(5).sourceIp());
  }
}
