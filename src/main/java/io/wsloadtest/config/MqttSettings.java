package io.wsloadtest.config;

import java.time.Duration;

/**
 * MQTT 3.1.1 or 5 over WebSocket (subprotocol "mqtt", binary frames), wsload.mqtt.
 *
 * @param version "3.1.1" or "5"
 * @param clientId the CONNECT client id, #{column} templates allowed ("" = a unique id per connection)
 * @param username the CONNECT user name ("" = none); #{column} takes a user's value
 * @param password its password ("" = none); #{column} takes a user's value
 * @param keepAliveSeconds the CONNECT keepAlive: a PINGREQ that often, its PINGRESP due before the next (0 = none)
 * @param topic the topic filter subscribe() subscribes to; #{column} takes a user's value
 * @param qos the subscription's QoS, 0 or 1 (QoS 1 messages are acknowledged with PUBACK)
 * @param requestTopic the topic echoes() publishes each payload to at QoS 1, timed to its PUBACK
 * @param acceptTimeout how long the broker has to answer CONNECT with CONNACK
 */
public record MqttSettings(String version, String clientId, String username, String password, int keepAliveSeconds,
    String topic, int qos, String requestTopic, Duration acceptTimeout) implements ProtocolSettings {

  /** MQTT's keepAlive is a two-byte count of seconds. */
  private static final long MAX_KEEP_ALIVE_SECONDS = 65_535;

  @Override
  public String name() {
    return "mqtt";
  }

  @Override
  public String subprotocol() {
    return "mqtt";
  }

  @Override
  public String requestName() {
    return "publish qos 1";
  }

  @Override
  public String subscribeProblem() {
    return topic.isEmpty() ? LoadTestConfig.problem("mqtt.topic", "\"\"",
        "subscribe() needs a topic filter, e.g. -Dwsload.mqtt.topic=ticks") : "";
  }

  /** The password stays out of logs and reports. */
  @Override
  public String toString() {
    return "MqttSettings[version=" + version + ", clientId=" + clientId + ", username=" + username + ", password="
        + (password.isEmpty() ? "" : "***") + ", keepAliveSeconds=" + keepAliveSeconds + ", topic=" + topic + ", qos="
        + qos + ", requestTopic=" + requestTopic + ", acceptTimeout=" + acceptTimeout + "]";
  }

  static MqttSettings read(KeyReader r) {
    String version = r.string("mqtt.version", "3.1.1");
    if (!version.equals("3.1.1") && !version.equals("5")) {
      r.problem("mqtt.version", version, "must be 3.1.1 or 5");
      version = "3.1.1";
    }
    int qos = r.integer("mqtt.qos", 1);
    if (qos != 0 && qos != 1) {
      r.problem("mqtt.qos", qos, "must be 0 or 1");
      qos = 1;
    }
    String topic = r.string("mqtt.topic", "");
    topicFilter(r, "mqtt.topic", topic);
    String requestTopic = r.nonEmptyString("mqtt.request-topic");
    if (requestTopic.contains("+") || requestTopic.contains("#")) {
      r.problem("mqtt.request-topic", requestTopic, "is a topic to publish to: no wildcards + or #");
    }
    return new MqttSettings(version, r.string("mqtt.client-id", ""), r.string("mqtt.username", ""),
        r.string("mqtt.password", ""), keepAliveSeconds(r), topic, qos, requestTopic,
        r.positiveDuration("mqtt.accept-timeout"));
  }

  private static int keepAliveSeconds(KeyReader r) {
    Duration d = r.nonNegativeDuration("mqtt.keep-alive");
    if (d.toMillis() % 1000 != 0) {
      r.problem("mqtt.keep-alive", r.raw("mqtt.keep-alive"), "must be whole seconds (MQTT counts keepAlive in"
          + " seconds), e.g. 30s");
    } else if (d.toSeconds() > MAX_KEEP_ALIVE_SECONDS) {
      r.problem("mqtt.keep-alive", r.raw("mqtt.keep-alive"), "must be at most 65535s, MQTT's largest keepAlive");
    }
    return (int) Math.min(d.toSeconds(), MAX_KEEP_ALIVE_SECONDS);
  }

  /** MQTT 4.7.1: '#' only as the last level, '+' only as a whole level. */
  private static void topicFilter(KeyReader r, String key, String filter) {
    String[] levels = filter.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      boolean multi = level.contains("#");
      boolean single = level.contains("+");
      if ((multi && (!level.equals("#") || i != levels.length - 1)) || (single && !level.equals("+"))) {
        r.problem(key, filter, "is not a valid topic filter: '#' may only be the last level and '+' a whole level,"
            + " e.g. sensors/+/temperature or ticks/#");
        return;
      }
    }
  }
}
