package io.wsloadtest.ws;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsloadtest.config.LoadTestConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * What a simulation asks of a protocol that its configuration cannot give: refused before load, the key named.
 * (echoes() builds Gatling's WebSocket steps, which need a running Gatling: the conformance tests run it.)
 */
class ProtocolStepProblemsTest {

  static Steps steps(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    LoadTestConfig c = LoadTestConfig.parse(p, Map.of());
    return new Steps(c.heartbeat(), c.echo(), c.push(), c.protocol(), true,
        new HoldClock(Duration.ofSeconds(10), Duration.ZERO), exec(s -> s), connect -> connect);
  }

  @Test
  void subscribingWithoutAnMqttTopicIsRefused() {
    Steps steps = steps("wsload.protocol", "mqtt");
    steps.subscribe();
    assertEquals(List.of("wsload.mqtt.topic = \"\": subscribe() needs a topic filter, e.g. -Dwsload.mqtt.topic=ticks"),
        steps.problems());
    Steps withTopic = steps("wsload.protocol", "mqtt", "wsload.mqtt.topic", "ticks");
    withTopic.subscribe();
    assertEquals(List.of(), withTopic.problems());
  }

  @Test
  void subscribingWithoutAStompDestinationIsRefused() {
    Steps steps = steps("wsload.protocol", "stomp");
    steps.subscribe();
    assertEquals(List.of("wsload.stomp.destination = \"\": subscribe() needs a destination, e.g."
        + " -Dwsload.stomp.destination=/topic/ticks"), steps.problems());
    Steps withDestination = steps("wsload.protocol", "stomp", "wsload.stomp.destination", "/topic/ticks");
    withDestination.subscribe();
    assertEquals(List.of(), withDestination.problems());
  }
}
