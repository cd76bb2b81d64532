package io.wsloadtest.shards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.config.InvalidConfigException;
import io.wsloadtest.config.LoadTestConfig;
import io.wsloadtest.config.ShardSlice;
import io.wsloadtest.preflight.CheckedConfig;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardSliceTest {

  static LoadTestConfig shard(int index, int count, String... kv) {
    Properties p = new Properties();
    p.setProperty("wsload.shard.index", "" + index);
    p.setProperty("wsload.shard.count", "" + count);
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return CheckedConfig.load(p, Map.of(), 20_000);
  }

  @Test
  void usersAddUpAndDifferByOneAtMost() {
    int sum = 0;
    for (int i = 0; i < 6; i++) {
      int share = ShardSlice.share(100_000, i, 6);
      assertTrue(share == 16_666 || share == 16_667);
      sum += share;
    }
    assertEquals(100_000, sum);
  }

  @Test
  void everyShardGetsItsOwnSourceIpsAndTheRateShare() {
    Set<InetAddress> seen = new HashSet<>();
    int users = 0;
    for (int i = 0; i < 3; i++) {
      LoadTestConfig c = shard(i, 3, "users", "3000", "target", "ws://127.0.0.1:9001/echo",
          "wsload.source-ips", "127.0.0.2-127.0.0.7", "wsload.injection.type", "rate", "wsload.injection.rate", "300");
      assertEquals(2, c.sourceIps().size());
      c.sourceIps().forEach(ip -> assertTrue(seen.add(ip), "source IP in two shards: " + ip));
      assertEquals(100.0, c.injection().rate());
      users += c.users();
      assertEquals(3000, c.shard().totalUsers());
    }
    assertEquals(3000, users);
    assertEquals(6, seen.size());
  }

  @Test
  void withFewerSourceIpsThanShardsTheTargetsAreSliced() {
    LoadTestConfig c = shard(1, 2, "users", "100", "target", "ws://127.0.0.1:9001/a,ws://127.0.0.1:9002/a,ws://127.0.0.1:9003/a",
        "wsload.source-ips", "127.0.0.2");
    assertEquals(List.of(9002), c.targets().stream().map(t -> t.port()).toList());
  }

  @Test
  void sharingASourceIpAndTargetAcrossShardsIsRefused() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> shard(0, 3, "users", "300",
        "target", "ws://127.0.0.1:9001/a", "wsload.source-ips", "127.0.0.2-127.0.0.3"));
    assertTrue(e.getMessage().contains("wsload.shard.count = 3: needs at least as many source IPs (2) or targets (1) as shards"),
        e.getMessage());
  }

  @Test
  void shardIndexOutOfRange() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> shard(3, 3, "users", "300"));
    assertTrue(e.getMessage().contains("wsload.shard.index = 3: must be between 0 and wsload.shard.count - 1 (2)"), e.getMessage());
  }
}
