package io.wsloadtest.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.config.LoadTestConfig;
import io.wsloadtest.config.Target;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BannerTest {

  static String banner(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    LoadTestConfig config = LoadTestConfig.parse(p, Map.of());
    return Banner.of(config, List.of(Target.parseUrl("ws://127.0.0.1:9001/ws")));
  }

  @Test
  void plainWebSocketNamesItsHeartbeatMode() {
    assertTrue(banner("wsload.target", "ws://127.0.0.1:9001/ws").contains("heartbeat:  ping"));
  }

  @Test
  void aProtocolsKeepAliveIsTheHeartbeat_notPingFrames() {
    String text = banner("wsload.target", "ws://127.0.0.1:9001/ws", "wsload.protocol", "mqtt");
    assertTrue(text.contains("heartbeat:  the mqtt keep-alive, checked every 2s"), text); // the smoke profile's interval
    String off = banner("wsload.target", "ws://127.0.0.1:9001/ws", "wsload.protocol", "mqtt", "wsload.keep-alive",
        "false");
    assertTrue(off.contains("(keep-alive off: neither sent nor answered)"), off);
  }
}
