package io.wsloadtest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** wsload.server.broadcast.* as the embedded server and bin/echo-server receive it. */
class BroadcastConfigTest {

  static ServerBroadcast load(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return LoadTestConfig.parse(p, Map.of()).server().broadcast();
  }

  @Test
  void offByDefault() {
    assertEquals(ServerBroadcast.OFF, load());
    assertEquals("off", load().toString());
  }

  @Test
  void rateSizeAndSubscribeFromConfig() {
    ServerBroadcast b = load("wsload.server.broadcast.rate", "10", "wsload.server.broadcast.data-bytes", "100",
        "wsload.server.broadcast.subscribe", "{\"op\":\"sub\"}");
    assertEquals(new ServerBroadcast(10, 100, "{\"op\":\"sub\"}"), b);
    assertEquals(100_000_000L, b.periodNanos());
    assertEquals("10 messages/s to every connection, data 100 bytes, subscribe {\"op\":\"sub\"}", b.toString());
  }

  @Test
  void badValuesAreRefusedWithTheKey() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> load("wsload.server.broadcast.rate", "-1", "wsload.server.broadcast.data-bytes", "-5"));
    assertTrue(e.getMessage().contains(
        "wsload.server.broadcast.rate = -1.0: must be 0 (off) to 1000 messages a second to each connection, e.g. 10"),
        e.getMessage());
    assertTrue(e.getMessage().contains("wsload.server.broadcast.data-bytes = -5: must be 0 or more"), e.getMessage());
  }
}
