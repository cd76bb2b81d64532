package io.wsloadtest.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.wsloadtest.protocol.mqtt.MqttOverWebSocket;
import io.wsloadtest.protocol.mqtt.MqttPackets;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The aedes broker over ws (src/test/node/mqtt-broker.mjs: user/password checked, {"seq","ts"} published to
 * "ticks" at QoS 1 every 300 ms) and its own counts, probed with Netty's MQTT codec over binary frames.
 */
class MqttProbeTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static ChildServer broker;

  @BeforeAll
  static void start() throws Exception {
    broker = ChildServer.node("mqtt-broker.mjs", "--topic", "ticks", "--qos", "1", "--publish-every", "300",
        "--user", "load", "--password", "secret");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (broker != null) {
      broker.close();
    }
  }

  /** Each test compares counts with those before it: the previous test's client must be gone first. */
  @BeforeEach
  void noClientLeftFromAnEarlierTest() throws InterruptedException {
    broker.awaitCounts("no client left from an earlier test", 15_000, n -> n.get("connectedNow").asLong() == 0);
  }

  @Test
  void connectIsAccepted_andCountedAsOneClient_disconnectIsCountedAsSuch() throws Exception {
    JsonNode before = broker.counts();
    try (ProbeClient client = open()) {
      assertEquals("accepted", connect(client, "probe-accept", 10, "secret"));
      JsonNode c = broker.awaitCounts("one more client", 5000,
          n -> n.get("connects").asLong() == before.get("connects").asLong() + 1);
      assertEquals(before.get("connectedNow").asLong() + 1, c.get("connectedNow").asLong(), c.toString());
      client.send(MqttPackets.disconnect());
      broker.awaitCounts("the DISCONNECT counted", 5000, n -> disconnects(n, "disconnectPacket")
          == disconnects(before, "disconnectPacket") + 1 && n.get("connectedNow").asLong() == before.get("connectedNow").asLong());
    }
  }

  @Test
  void aWrongPasswordGetsConnack0x04() throws Exception {
    JsonNode before = broker.counts();
    try (ProbeClient client = open()) {
      assertEquals("refused 0x04 bad user name or password", connect(client, "probe-refused", 10, "wrong"));
      ProbeClient.Close close = client.closed().get(5, TimeUnit.SECONDS);
      assertEquals(1006, close.code(), "CONNACK, then the stream ends without a close frame: " + close);
      broker.awaitCounts("the refusal counted", 5000, n -> n.get("refused").asLong() == before.get("refused").asLong() + 1);
    }
  }

  @Test
  void pingreqsWithinKeepAlive_keepTheClientPastThreeIntervals_whileQos1PublishesArriveAndAreAcked() throws Exception {
    JsonNode before = broker.counts();
    try (ProbeClient client = open()) {
      assertEquals("accepted", connect(client, "probe-alive", 2, "secret"));
      client.send(MqttPackets.subscribe(1, "ticks", MqttQoS.AT_LEAST_ONCE));
      MqttSubAckMessage subAck = client.next(MqttSubAckMessage.class, m -> true, 5000);
      assertEquals(List.of(1), subAck.payload().grantedQoSLevels());
      // a PINGREQ every second against a 2 s keepAlive (the broker's limit is 3 s)
      ScheduledFuture<?> pinger = client.channel().eventLoop().scheduleAtFixedRate(
          () -> client.channel().writeAndFlush(MqttPackets.pingReq()), 1, 1, TimeUnit.SECONDS);
      try {
        Await.until("three PINGRESPs", 8000, () -> client.all(MqttMessage.class).stream()
            .filter(m -> m.fixedHeader().messageType() == MqttMessageType.PINGRESP).count(), n -> n >= 3);
        // 3 keep-alive intervals = 6 s: the broker would have dropped a silent client twice over by now
        Await.until("6 s connected", 8000, () -> client.all(MqttPublishMessage.class).size(), n -> n >= 20);
      } finally {
        pinger.cancel(false);
      }
      assertTrue(client.isOpen(), "still connected: " + client.closed().getNow(null));
      client.send(MqttPackets.disconnect());
      JsonNode c = broker.awaitCounts("the DISCONNECT", 5000,
          n -> disconnects(n, "disconnectPacket") == disconnects(before, "disconnectPacket") + 1);

      List<MqttPublishMessage> publishes = client.all(MqttPublishMessage.class);
      long first = JSON.readTree(MqttPackets.payload(publishes.get(0))).get("seq").asLong();
      for (int i = 0; i < publishes.size(); i++) {
        assertEquals(MqttQoS.AT_LEAST_ONCE, publishes.get(i).fixedHeader().qosLevel());
        assertEquals(first + i, JSON.readTree(MqttPackets.payload(publishes.get(i))).get("seq").asLong(),
            "consecutive seq, none missing or repeated");
      }
      assertEquals(publishes.size(), c.path("deliveredByClient").path("probe-alive").asLong(),
          "the broker delivered what the client received: " + c);
      assertEquals(publishes.size(), c.get("pubacksFromClients").asLong() - before.get("pubacksFromClients").asLong(),
          "every QoS 1 delivery acked: " + c);
      assertTrue(c.get("pingreqs").asLong() - before.get("pingreqs").asLong() >= 3, c.toString());
      assertEquals(before.get("keepaliveTimeouts").asLong(), c.get("keepaliveTimeouts").asLong(), c.toString());
    }
  }

  @Test
  void noPingreq_getsTheClientDroppedAfterOneAndAHalfKeepAlives_countedAsKeepAliveTimeout() throws Exception {
    JsonNode before = broker.counts();
    try (ProbeClient client = open()) {
      long connected = System.nanoTime();
      assertEquals("accepted", connect(client, "probe-silent", 1, "secret"));
      ProbeClient.Close close = client.closed().get(10, TimeUnit.SECONDS);
      long afterMs = TimeUnit.NANOSECONDS.toMillis(close.atNanos() - connected);
      assertTrue(afterMs >= MqttPackets.brokerDropsAfterMillis(1) - 100 && afterMs < 1500 + 3000,
          "dropped " + afterMs + " ms after CONNECT with keepAlive 1 s; " + close);
      JsonNode c = broker.awaitCounts("the keep-alive timeout counted", 5000,
          n -> n.get("keepaliveTimeouts").asLong() == before.get("keepaliveTimeouts").asLong() + 1
              && disconnects(n, "keepaliveTimeout") == disconnects(before, "keepaliveTimeout") + 1);
      assertEquals(1006, close.code(), "aedes ends the stream without a close frame: " + close);
      assertEquals(1, c.path("clientErrors").path("keep alive timeout").asLong()
          - before.path("clientErrors").path("keep alive timeout").asLong(), c.toString());
    }
  }

  private static long disconnects(JsonNode counts, String why) {
    return counts.path("disconnects").path(why).asLong();
  }

  /** CONNECT as user "load" and returns the CONNACK's verdict. */
  private static String connect(ProbeClient client, String clientId, int keepAliveSeconds, String password)
      throws InterruptedException {
    client.send(MqttPackets.connect(MqttVersion.MQTT_3_1_1, clientId, keepAliveSeconds, "load", password));
    return MqttPackets.verdict(client.next(MqttConnAckMessage.class, m -> true, 5000));
  }

  /**
   * A probe with the "mqtt" subprotocol and Netty's MQTT codec. QoS 1 publishes are acked on the event loop, as a
   * subscriber must, and kept (as copies) for the test to read.
   */
  static ProbeClient open() throws Exception {
    return ProbeClient.open(broker.wsUrl("/mqtt"), new ProbeClient.Protocol(MqttOverWebSocket.SUBPROTOCOL,
        p -> MqttOverWebSocket.addTo(p, 65_536), m -> m instanceof MqttPublishMessage p ? p.copy() : m,
        (m, ch) -> {
          if (m instanceof MqttPublishMessage p && p.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
            ch.writeAndFlush(MqttPackets.pubAck(p.variableHeader().packetId()));
          }
          return false;
        }), true);
  }
}
