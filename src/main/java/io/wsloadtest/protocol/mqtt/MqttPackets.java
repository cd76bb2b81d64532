package io.wsloadtest.protocol.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;

/** The MQTT packets a load-test client sends, built with Netty's builders, and what it reads from the replies. */
public final class MqttPackets {

  private MqttPackets() {}

  /**
   * CONNECT with a clean session, the keep-alive in seconds (the broker drops a client silent for 1.5 times that)
   * and an optional user name and password (null: none).
   */
  public static MqttMessage connect(MqttVersion version, String clientId, int keepAliveSeconds, String username,
      String password) {
    if (keepAliveSeconds < 0 || keepAliveSeconds > 65_535) {
      throw new IllegalArgumentException("MQTT keepAlive must be 0..65535 s: " + keepAliveSeconds);
    }
    MqttMessageBuilders.ConnectBuilder connect = MqttMessageBuilders.connect().protocolVersion(version)
        .clientId(clientId).keepAlive(keepAliveSeconds).cleanSession(true);
    if (username != null) {
      connect.hasUser(true).username(username);
    }
    if (password != null) {
      connect.hasPassword(true).password(password.getBytes(StandardCharsets.UTF_8));
    }
    return connect.build();
  }

  public static MqttMessage subscribe(int messageId, String topicFilter, MqttQoS qos) {
    return MqttMessageBuilders.subscribe().messageId(messageId).addSubscription(qos, topicFilter).build();
  }

  /** PUBLISH of a UTF-8 payload; QoS 1 needs a message id and is answered by PUBACK with it. */
  public static MqttPublishMessage publish(String topic, MqttQoS qos, int messageId, String payload) {
    return MqttMessageBuilders.publish().topicName(topic).qos(qos).messageId(messageId).retained(false)
        .payload(Unpooled.wrappedBuffer(payload.getBytes(StandardCharsets.UTF_8))).build();
  }

  /** The PUBACK a client owes for each QoS 1 PUBLISH it receives. */
  public static MqttMessage pubAck(int messageId) {
    return MqttMessageBuilders.pubAck().packetId(messageId).build();
  }

  public static MqttMessage pingReq() {
    return new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0));
  }

  public static MqttMessage disconnect() {
    return new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0));
  }

  /** The message id of a PUBACK, SUBACK or other packet that carries one; -1 otherwise. */
  public static int messageId(MqttMessage message) {
    if (message.variableHeader() instanceof MqttMessageIdVariableHeader id) {
      return id.messageId();
    }
    if (message instanceof MqttPublishMessage publish) {
      return publish.variableHeader().packetId();
    }
    return -1;
  }

  public static String payload(MqttPublishMessage publish) {
    return publish.payload().toString(StandardCharsets.UTF_8);
  }

  /**
   * A CONNACK's verdict as a report quotes it: "accepted", or the refusal with its code, e.g.
   * "refused 0x04 bad username or password" (3.1.1) or "refused 0x87 not authorized" (5).
   */
  public static String verdict(MqttConnAckMessage connAck) {
    MqttConnectReturnCode code = connAck.variableHeader().connectReturnCode();
    if (code == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
      return "accepted";
    }
    // MQTT 5's codes are named like 3.1.1's with a suffix: CONNECTION_REFUSED_NOT_AUTHORIZED_5
    String name = code.name().replaceFirst("^CONNECTION_REFUSED_", "").replaceFirst("_5$", "").replace('_', ' ')
        .toLowerCase();
    return String.format("refused 0x%02x %s", code.byteValue() & 0xff, name);
  }

  /** The broker drops a client it has not heard from for 1.5 times its keep-alive (MQTT 3.1.1 3.1.2.10). */
  public static long brokerDropsAfterMillis(int keepAliveSeconds) {
    return keepAliveSeconds * 1500L;
  }
}
