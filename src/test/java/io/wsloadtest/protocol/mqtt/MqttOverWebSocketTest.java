package io.wsloadtest.protocol.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MqttOverWebSocketTest {

  private final EmbeddedChannel client = new EmbeddedChannel();
  /** The broker's side of the wire, to produce what a broker sends: Netty's MQTT encoder and decoder as is. */
  private final EmbeddedChannel broker = new EmbeddedChannel(new MqttDecoder(), MqttEncoder.INSTANCE);

  {
    MqttOverWebSocket.addTo(client.pipeline(), 65_536);
  }

  @AfterEach
  void close() {
    client.finishAndReleaseAll();
    broker.finishAndReleaseAll();
  }

  @Test
  void connectGoesOutInOneBinaryFrame_andTheBrokerReadsIt() {
    client.writeOutbound(MqttPackets.connect(MqttVersion.MQTT_3_1_1, "user-7", 30, "alice", "pw"));
    BinaryWebSocketFrame frame = assertInstanceOf(BinaryWebSocketFrame.class, client.readOutbound());
    assertNull(client.readOutbound());
    broker.writeInbound(frame.content());
    MqttConnectMessage connect = broker.readInbound();
    assertEquals("user-7", connect.payload().clientIdentifier());
    assertEquals(30, connect.variableHeader().keepAliveTimeSeconds());
    assertEquals("alice", connect.payload().userName());
    assertEquals("pw", new String(connect.payload().passwordInBytes(), StandardCharsets.UTF_8));
    assertEquals(4, connect.variableHeader().version());
    assertTrue(connect.variableHeader().isCleanSession());
  }

  @Test
  void aPacketSpanningThreeFrames_isOnePacket() {
    client.writeOutbound(MqttPackets.connect(MqttVersion.MQTT_3_1_1, "c", 10, null, null)); // sets the version
    releaseAll(client);
    ByteBuf publish = brokerBytes(MqttPackets.publish("ticks", MqttQoS.AT_LEAST_ONCE, 42,
        "{\"seq\":1,\"ts\":1700000000000,\"data\":\"" + "x".repeat(300) + "\"}"));
    int third = publish.readableBytes() / 3;
    client.writeInbound(new BinaryWebSocketFrame(false, 0, publish.readRetainedSlice(1))); // 1 byte: the type only
    client.writeInbound(new ContinuationWebSocketFrame(false, 0, publish.readRetainedSlice(third)));
    assertNull(client.readInbound(), "no packet before its last byte");
    client.writeInbound(new ContinuationWebSocketFrame(true, 0, publish.readRetainedSlice(publish.readableBytes())));
    publish.release();
    MqttPublishMessage received = client.readInbound();
    assertEquals("ticks", received.variableHeader().topicName());
    assertEquals(42, MqttPackets.messageId(received));
    assertEquals(MqttQoS.AT_LEAST_ONCE, received.fixedHeader().qosLevel());
    assertTrue(MqttPackets.payload(received).startsWith("{\"seq\":1,"));
    received.release();
  }

  @Test
  void severalPacketsInOneFrame_areSeveralPackets() {
    client.writeOutbound(MqttPackets.connect(MqttVersion.MQTT_3_1_1, "c", 10, null, null));
    releaseAll(client);
    ByteBuf both = Unpooled.buffer();
    both.writeBytes(brokerBytes(MqttMessageBuilders.connAck()
        .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED).sessionPresent(false).build()));
    both.writeBytes(brokerBytes(new MqttSubAckMessage(
        new io.netty.handler.codec.mqtt.MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
        io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader.from(1),
        new io.netty.handler.codec.mqtt.MqttSubAckPayload(1))));
    both.writeBytes(brokerBytes(new MqttMessage(new io.netty.handler.codec.mqtt.MqttFixedHeader(
        MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0))));
    client.writeInbound(new BinaryWebSocketFrame(both));
    MqttConnAckMessage connAck = client.readInbound();
    assertEquals("accepted", MqttPackets.verdict(connAck));
    MqttSubAckMessage subAck = client.readInbound();
    assertEquals(1, MqttPackets.messageId(subAck));
    assertEquals(1, subAck.payload().grantedQoSLevels().get(0));
    MqttMessage pingResp = client.readInbound();
    assertEquals(MqttMessageType.PINGRESP, pingResp.fixedHeader().messageType());
  }

  @Test
  void pingSubscribePubAckAndDisconnect_asTheBrokerReadsThem() {
    client.writeOutbound(MqttPackets.connect(MqttVersion.MQTT_3_1_1, "c", 10, null, null));
    client.writeOutbound(MqttPackets.pingReq(), MqttPackets.subscribe(3, "ticks/#", MqttQoS.AT_LEAST_ONCE),
        MqttPackets.pubAck(42), MqttPackets.publish("t", MqttQoS.AT_MOST_ONCE, 0, "hi"), MqttPackets.disconnect());
    for (BinaryWebSocketFrame f; (f = client.readOutbound()) != null; ) {
      broker.writeInbound(f.content());
    }
    assertInstanceOf(MqttConnectMessage.class, broker.readInbound());
    assertEquals(MqttMessageType.PINGREQ, ((MqttMessage) broker.readInbound()).fixedHeader().messageType());
    io.netty.handler.codec.mqtt.MqttSubscribeMessage subscribe = broker.readInbound();
    assertEquals("ticks/#", subscribe.payload().topicSubscriptions().get(0).topicFilter());
    assertEquals(MqttQoS.AT_LEAST_ONCE, subscribe.payload().topicSubscriptions().get(0).qualityOfService());
    MqttMessage pubAck = broker.readInbound();
    assertEquals(MqttMessageType.PUBACK, pubAck.fixedHeader().messageType());
    assertEquals(42, MqttPackets.messageId(pubAck));
    MqttPublishMessage publish = broker.readInbound();
    assertEquals("hi", MqttPackets.payload(publish));
    publish.release();
    assertEquals(MqttMessageType.DISCONNECT, ((MqttMessage) broker.readInbound()).fixedHeader().messageType());
  }

  @Test
  void refusalsAreQuotedWithTheirCode_in311And5() {
    client.writeOutbound(MqttPackets.connect(MqttVersion.MQTT_3_1_1, "c", 10, "u", "bad"));
    releaseAll(client);
    client.writeInbound(new BinaryWebSocketFrame(brokerBytes(MqttMessageBuilders.connAck()
        .returnCode(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD).build())));
    assertEquals("refused 0x04 bad user name or password", MqttPackets.verdict(client.readInbound()));

    EmbeddedChannel v5 = new EmbeddedChannel();
    MqttOverWebSocket.addTo(v5.pipeline(), 65_536);
    v5.writeOutbound(MqttPackets.connect(MqttVersion.MQTT_5, "c", 10, null, null));
    EmbeddedChannel broker5 = new EmbeddedChannel(new MqttDecoder(), MqttEncoder.INSTANCE);
    BinaryWebSocketFrame connect5 = v5.readOutbound();
    broker5.writeInbound(connect5.content()); // the broker learns the version from the CONNECT
    assertEquals(5, ((MqttConnectMessage) broker5.readInbound()).variableHeader().version());
    broker5.writeOutbound(MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5)
        .properties(MqttProperties.NO_PROPERTIES).build());
    ByteBuf refusal = broker5.readOutbound();
    v5.writeInbound(new BinaryWebSocketFrame(refusal));
    assertEquals("refused 0x87 not authorized", MqttPackets.verdict(v5.readInbound()), "without the _5 of Netty's name");
    v5.finishAndReleaseAll();
    broker5.finishAndReleaseAll();
  }

  @Test
  void aTextFrameIsAProtocolError() {
    CorruptedFrameException e = assertThrows(CorruptedFrameException.class,
        () -> client.writeInbound(new TextWebSocketFrame("hi")));
    assertEquals("MQTT over WebSocket takes binary frames only; a text frame came", e.getMessage());
  }

  @Test
  void keepAliveBounds() {
    assertEquals(45_000, MqttPackets.brokerDropsAfterMillis(30));
    assertEquals("MQTT keepAlive must be 0..65535 s: 65536", assertThrows(IllegalArgumentException.class,
        () -> MqttPackets.connect(MqttVersion.MQTT_3_1_1, "c", 65_536, null, null)).getMessage());
  }

  /** What a broker's Netty encoder writes for this packet (the broker side has no version attribute: 3.1.1). */
  private ByteBuf brokerBytes(MqttMessage message) {
    broker.writeOutbound(message);
    return broker.readOutbound();
  }

  private static void releaseAll(EmbeddedChannel channel) {
    for (Object o; (o = channel.readOutbound()) != null; ) {
      io.netty.util.ReferenceCountUtil.release(o);
    }
  }
}
