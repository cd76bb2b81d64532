package io.wsloadtest.protocol.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.util.ReferenceCountUtil;
import io.wsloadtest.config.MqttSettings;
import io.wsloadtest.protocol.LiveSession;
import io.wsloadtest.protocol.Outcome;
import io.wsloadtest.protocol.ProtocolSession;
import io.wsloadtest.protocol.Sessions;
import io.wsloadtest.protocol.Told;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An MQTT session in a pipeline of its own, facing a broker made of Netty's MQTT codec over binary frames: what it
 * sends, and what it makes of each answer.
 */
class MqttSessionTest {

  static final MqttSettings SETTINGS = new MqttSettings("3.1.1", "", "#{user}", "#{password}", 30, "ticks/#{room}", 1,
      "echo/#{user}", Duration.ofSeconds(5));

  final AtomicLong clock = new AtomicLong(5_000);
  final List<String> told = Collections.synchronizedList(new ArrayList<>());
  final List<String> pushes = new ArrayList<>();
  final MqttSession session = new MqttSession(SETTINGS, clock::get);
  final EmbeddedChannel channel = new EmbeddedChannel(session);
  /** The broker's end: the same codecs, the other way round. */
  final EmbeddedChannel broker = brokerCodecs();

  static EmbeddedChannel brokerCodecs() {
    return new EmbeddedChannel(new MqttWebSocketFrames(), new io.netty.handler.codec.mqtt.MqttDecoder(),
        io.netty.handler.codec.mqtt.MqttEncoder.INSTANCE);
  }

  Outcome outcome(String what) {
    return Told.outcome(told, what);
  }

  ProtocolSession.Pushes pushes() {
    return Told.pushes(pushes);
  }

  static String userValue(String template) {
    return template.replace("#{user}", "u7").replace("#{password}", "secret").replace("#{room}", "r1");
  }

  /** What the session sent, as the broker reads it (null: nothing). */
  MqttMessage sent() {
    return sent(channel, broker);
  }

  static MqttMessage sent(EmbeddedChannel from, EmbeddedChannel broker) {
    Object frame = from.readOutbound();
    if (frame == null) {
      return null;
    }
    broker.writeInbound(frame);
    MqttMessage m = broker.readInbound();
    if (m instanceof MqttPublishMessage p) {
      MqttPublishMessage copy = p.copy();
      p.release();
      return copy;
    }
    return m;
  }

  void fromBroker(MqttMessage m) {
    fromBroker(m, channel, broker);
  }

  static void fromBroker(MqttMessage m, EmbeddedChannel to, EmbeddedChannel broker) {
    broker.writeOutbound(m);
    to.writeInbound((Object) broker.readOutbound());
  }

  static MqttMessage connAck(MqttConnectReturnCode code) {
    return MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false).build();
  }

  static MqttMessage bare(MqttMessageType type) {
    return new MqttMessage(new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0));
  }

  @AfterEach
  void release() {
    channel.finishAndReleaseAll();
    broker.finishAndReleaseAll();
  }

  @Test
  void connectCarriesThisUsersLogin_andTheConnackAcceptsIt() {
    session.open(MqttSessionTest::userValue, 5_000, outcome("accept"));
    MqttConnectMessage connect = assertInstanceOf(MqttConnectMessage.class, sent());
    assertEquals(4, connect.variableHeader().version(), "MQTT 3.1.1");
    assertEquals(30, connect.variableHeader().keepAliveTimeSeconds());
    assertTrue(connect.variableHeader().isCleanSession());
    assertEquals("u7", connect.payload().userName());
    assertEquals("secret", new String(connect.payload().passwordInBytes()));
    String clientId = connect.payload().clientIdentifier();
    assertTrue(clientId.matches("wsload[0-9a-z]{1,17}"), "MQTT 3.1.1's 23 characters, letters and digits: " + clientId);
    clock.set(5_010);
    fromBroker(connAck(MqttConnectReturnCode.CONNECTION_ACCEPTED));
    assertEquals(List.of("accept ok at 5010"), told);
    assertNull(channel.readInbound(), "MQTT packets stop at the session");
  }

  @Test
  void eachConnectionHasAClientIdOfItsOwn_unlessTheUserGivesOne() {
    session.open(MqttSessionTest::userValue, 5_000, outcome("accept"));
    String first = ((MqttConnectMessage) sent()).payload().clientIdentifier();
    MqttSession second = new MqttSession(SETTINGS, clock::get);
    EmbeddedChannel ch = new EmbeddedChannel(second);
    second.open(MqttSessionTest::userValue, 5_000, outcome("accept"));
    assertNotEquals(first, ((MqttConnectMessage) sent(ch, brokerCodecs())).payload().clientIdentifier());
    ch.finishAndReleaseAll();

    MqttSession named = new MqttSession(new MqttSettings("3.1.1", "device-#{user}", "", "", 0, "t", 0, "e",
        Duration.ofSeconds(5)), clock::get);
    EmbeddedChannel ch2 = new EmbeddedChannel(named);
    named.open(MqttSessionTest::userValue, 5_000, outcome("accept"));
    MqttConnectMessage connect = (MqttConnectMessage) sent(ch2, brokerCodecs());
    assertEquals("device-u7", connect.payload().clientIdentifier());
    assertEquals(null, connect.payload().userName(), "no user name when none is set");
    ch2.finishAndReleaseAll();
  }

  @Test
  void aRefusingConnackIsAKoQuotingItsCode() {
    session.open(MqttSessionTest::userValue, 5_000, outcome("accept"));
    sent();
    fromBroker(connAck(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD));
    assertEquals(List.of("accept failed: mqtt refused: CONNACK 0x04 bad user name or password"), told);
  }

  @Test
  void mqtt5SpeaksVersion5_andItsReasonCodesAreQuoted() {
    MqttSession v5 = new MqttSession(new MqttSettings("5", "", "", "", 30, "t", 1, "e", Duration.ofSeconds(5)),
        clock::get);
    EmbeddedChannel ch = new EmbeddedChannel(v5);
    EmbeddedChannel broker5 = brokerCodecs();
    v5.open(MqttSessionTest::userValue, 5_000, outcome("accept"));
    assertEquals(5, ((MqttConnectMessage) sent(ch, broker5)).variableHeader().version());
    fromBroker(connAck(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5), ch, broker5);
    assertEquals(List.of("accept failed: mqtt refused: CONNACK 0x87 not authorized"), told);
    ch.finishAndReleaseAll();
    broker5.finishAndReleaseAll();
  }

  @Test
  void aHeartbeatIsAPingreqTimedToItsPingresp() {
    accepted();
    session.heartbeat(5_000, outcome("heartbeat"));
    assertEquals(MqttMessageType.PINGREQ, sent().fixedHeader().messageType());
    clock.set(5_025);
    fromBroker(bare(MqttMessageType.PINGRESP));
    assertEquals(List.of("accept ok at 5000", "heartbeat ok at 5025"), told);
  }

  @Test
  void subscribeWaitsForItsSuback_thenMatchingPublishesArePushes_andQos1OnesAreAcked() {
    accepted();
    session.subscribe(MqttSessionTest::userValue, 5_000, pushes(), outcome("subscribe"));
    MqttSubscribeMessage subscribe = assertInstanceOf(MqttSubscribeMessage.class, sent());
    assertEquals("ticks/r1", subscribe.payload().topicSubscriptions().get(0).topicFilter());
    assertEquals(MqttQoS.AT_LEAST_ONCE, subscribe.payload().topicSubscriptions().get(0).qualityOfService());
    int id = subscribe.variableHeader().messageId();
    assertEquals(List.of("accept ok at 5000"), told, "not before its SUBACK");
    fromBroker(MqttMessageBuilders.subAck().packetId(id).addGrantedQos(MqttQoS.AT_LEAST_ONCE).build());
    assertEquals(List.of("accept ok at 5000", "subscribe ok at 5000"), told);

    clock.set(5_500);
    fromBroker(MqttPackets.publish("ticks/r1", MqttQoS.AT_LEAST_ONCE, 41, "{\"seq\":0,\"ts\":5490}"));
    MqttMessage puback = sent();
    assertEquals(MqttMessageType.PUBACK, puback.fixedHeader().messageType());
    assertEquals(41, MqttPackets.messageId(puback));
    fromBroker(MqttPackets.publish("ticks/r2", MqttQoS.AT_MOST_ONCE, 0, "{\"seq\":9,\"ts\":5490}"));
    assertNull(sent(), "QoS 0 is not acknowledged");
    assertEquals(List.of("{\"seq\":0,\"ts\":5490} at 5500"), pushes, "only the subscribed topic's messages");
  }

  @Test
  void aRefusedSubscriptionFailsQuotingTheSuback() {
    accepted();
    session.subscribe(MqttSessionTest::userValue, 5_000, pushes(), outcome("subscribe"));
    int id = ((MqttSubscribeMessage) sent()).variableHeader().messageId();
    fromBroker(MqttMessageBuilders.subAck().packetId(id).addGrantedQos(MqttQoS.FAILURE).build());
    assertEquals(List.of("accept ok at 5000", "subscribe failed: mqtt subscribe refused: SUBACK 0x80"), told);
  }

  @Test
  void aRequestIsAQos1PublishTimedToItsPuback() {
    accepted();
    assertTrue(session.request("hello", 5_000, outcome("request")));
    MqttPublishMessage publish = assertInstanceOf(MqttPublishMessage.class, sent());
    assertEquals("echo/u7", publish.variableHeader().topicName());
    assertEquals(MqttQoS.AT_LEAST_ONCE, publish.fixedHeader().qosLevel());
    assertEquals("hello", MqttPackets.payload(publish));
    publish.release();
    clock.set(5_040);
    fromBroker(MqttPackets.pubAck(publish.variableHeader().packetId()));
    assertEquals(List.of("accept ok at 5000", "request ok at 5040"), told);
    assertEquals("publish qos 1", session.requestName());
  }

  ProtocolSession.Farewell farewell() {
    return new ProtocolSession.Farewell() {
      @Override
      public void closedByServer(long atMillis) {
        told.add("closed by the server at " + atMillis);
      }

      @Override
      public void clientCloses() {
        told.add("the client closes");
      }
    };
  }

  @Test
  void goodbyeIsDisconnect_thenWhatIsOnItsWayArrives_andTheBrokersCloseIsTheOrderlyEnd() {
    accepted();
    session.subscribe(MqttSessionTest::userValue, 5_000, pushes(), outcome("subscribe"));
    int id = ((MqttSubscribeMessage) sent()).variableHeader().messageId();
    fromBroker(MqttMessageBuilders.subAck().packetId(id).addGrantedQos(MqttQoS.AT_LEAST_ONCE).build());
    session.goodbye(5_000, farewell());
    assertEquals(MqttMessageType.DISCONNECT, sent().fixedHeader().messageType());
    clock.set(5_100);
    fromBroker(MqttPackets.publish("ticks/r1", MqttQoS.AT_LEAST_ONCE, 42, "{\"seq\":3,\"ts\":5090}"));
    assertEquals(List.of("{\"seq\":3,\"ts\":5090} at 5100"), pushes, "delivered before the broker's close");
    assertNull(sent(), "no PUBACK after DISCONNECT (MQTT 3.14.4)");
    clock.set(5_200);
    channel.close(); // the broker ends the connection without answering the WebSocket close
    CloseWebSocketFrame close = channel.readInbound();
    assertEquals(1000, close.statusCode(), "Gatling sees the orderly end it is");
    close.release();
    assertEquals(List.of("accept ok at 5000", "subscribe ok at 5000", "closed by the server at 5200"), told);
  }

  @Test
  void aBrokerThatDoesNotCloseAfterDisconnectLeavesTheCloseToTheClient() throws Exception {
    MqttSession live = new MqttSession(withKeepAlive(30), System::currentTimeMillis);
    try (LiveSession connection = new LiveSession(live, p -> MqttOverWebSocket.addTo(p, 65_536))) {
      connection.onLoop(() -> live.open(MqttSessionTest::userValue, 5_000, outcome("accept")));
      connection.nextSent(5_000);
      connection.fromServer(connAck(MqttConnectReturnCode.CONNECTION_ACCEPTED));
      awaitTold(1);
      connection.onLoop(() -> live.goodbye(200, farewell()));
      assertEquals(MqttMessageType.DISCONNECT, ((MqttMessage) connection.nextSent(5_000)).fixedHeader().messageType());
      awaitTold(2);
      assertEquals("the client closes", told.get(1));
    }
  }

  @Test
  void aConnectionLostWithoutGoodbyeStaysADrop() {
    accepted();
    channel.close();
    assertNull(channel.readInbound(), "no close frame made up: the watch records an abnormal close");
  }

  @Test
  void webSocketControlFramesGoOn() {
    accepted();
    PingWebSocketFrame ping = new PingWebSocketFrame();
    CloseWebSocketFrame close = new CloseWebSocketFrame(1001, "bye");
    channel.writeInbound(ping, close);
    assertSame(ping, channel.readInbound());
    assertSame(close, channel.readInbound());
    ReferenceCountUtil.release(ping);
    ReferenceCountUtil.release(close);
  }

  @Test
  void aCloseBeforeTheConnackIsARefusal() {
    session.open(MqttSessionTest::userValue, 5_000, outcome("accept"));
    sent();
    CloseWebSocketFrame close = new CloseWebSocketFrame(1002, "");
    channel.writeInbound(close);
    assertEquals(List.of("accept failed: mqtt refused: close 1002"), told);
    ReferenceCountUtil.release(channel.readInbound());
  }

  @Test
  void noConnackWithinTheTimeoutIsAnAcceptTimeout() throws Exception {
    MqttSession live = new MqttSession(SETTINGS, System::currentTimeMillis);
    try (LiveSession connection = new LiveSession(live, p -> MqttOverWebSocket.addTo(p, 65_536))) {
      connection.onLoop(() -> live.open(MqttSessionTest::userValue, 200, outcome("accept")));
      assertInstanceOf(MqttConnectMessage.class, connection.nextSent(5_000));
      awaitTold(1);
      assertEquals(List.of("accept failed: mqtt accept timeout"), told);
    }
  }

  @Test
  void aPingreqGoesEveryKeepAlive_andOneLeftUnansweredDropsTheConnection() throws Exception {
    MqttSession live = new MqttSession(withKeepAlive(1), System::currentTimeMillis);
    try (LiveSession connection = new LiveSession(live, p -> MqttOverWebSocket.addTo(p, 65_536))) {
      long start = System.nanoTime();
      connection.onLoop(() -> live.open(MqttSessionTest::userValue, 5_000, outcome("accept")));
      assertInstanceOf(MqttConnectMessage.class, connection.nextSent(5_000));
      connection.fromServer(connAck(MqttConnectReturnCode.CONNECTION_ACCEPTED));
      MqttMessage first = (MqttMessage) connection.nextSent(5_000);
      long firstMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(MqttMessageType.PINGREQ, first.fixedHeader().messageType());
      assertTrue(firstMs >= 1_000, "the first PINGREQ a keepAlive after the CONNACK, not " + firstMs + " ms");
      connection.fromServer(bare(MqttMessageType.PINGRESP));
      long answered = System.nanoTime();
      MqttMessage second = (MqttMessage) connection.nextSent(5_000);
      assertEquals(MqttMessageType.PINGREQ, second.fixedHeader().messageType(), "answered: the connection stays");
      connection.closed.get(5, TimeUnit.SECONDS);
      long droppedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered);
      assertTrue(droppedMs >= 1_000, "dropped a keepAlive after the unanswered PINGREQ, not " + droppedMs + " ms");
      assertEquals(new ProtocolSession.Dropped("keep-alive timeout", "no PINGRESP within keepAlive (1 s)"),
          connection.nextPassedOn(1_000));
    }
  }

  @Test
  void withKeepAliveOffNoPingreqIsSent() throws Exception {
    ProtocolSession silent = Sessions.create(withKeepAlive(1), System::currentTimeMillis, false);
    try (LiveSession connection = new LiveSession(silent, p -> MqttOverWebSocket.addTo(p, 65_536))) {
      connection.onLoop(() -> silent.open(MqttSessionTest::userValue, 5_000, outcome("accept")));
      assertInstanceOf(MqttConnectMessage.class, connection.nextSent(5_000));
      connection.fromServer(connAck(MqttConnectReturnCode.CONNECTION_ACCEPTED));
      assertNull(connection.nextSent(1_500), "a keepAlive and a half without a PINGREQ");
    }
  }

  static MqttSettings withKeepAlive(int seconds) {
    return new MqttSettings("3.1.1", "", "", "", seconds, "t", 1, "e", Duration.ofSeconds(5));
  }

  private void awaitTold(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (told.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private void accepted() {
    session.open(MqttSessionTest::userValue, 5_000, outcome("accept"));
    sent();
    fromBroker(connAck(MqttConnectReturnCode.CONNECTION_ACCEPTED));
  }
}
