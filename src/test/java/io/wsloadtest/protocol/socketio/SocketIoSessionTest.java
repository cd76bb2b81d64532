package io.wsloadtest.protocol.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.wsloadtest.config.SocketIoSettings;
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

/** A Socket.IO session in a pipeline of its own: what it sends, and what it makes of each answer. */
class SocketIoSessionTest {

  static final SocketIoSettings SETTINGS = new SocketIoSettings("/", "{\"token\":\"#{token}\"}", "subscribe",
      "{\"room\":\"#{room}\"}", true, "push", "echo", true, Duration.ofSeconds(5));

  final AtomicLong clock = new AtomicLong(5_000);
  final List<String> told = Collections.synchronizedList(new ArrayList<>());
  final List<String> pushes = new ArrayList<>();
  final SocketIoSession session = new SocketIoSession(SETTINGS, clock::get);
  final EmbeddedChannel channel = new EmbeddedChannel(session);

  Outcome outcome(String what) {
    return Told.outcome(told, what);
  }

  ProtocolSession.Pushes pushes() {
    return Told.pushes(pushes);
  }

  String sent() {
    TextWebSocketFrame frame = channel.readOutbound();
    try {
      return frame == null ? null : frame.text();
    } finally {
      if (frame != null) {
        frame.release();
      }
    }
  }

  void fromServer(String text) {
    channel.writeInbound(new TextWebSocketFrame(text));
  }

  static String userValue(String template) {
    return template.replace("#{token}", "t-42").replace("#{room}", "r1");
  }

  @AfterEach
  void release() {
    channel.finishAndReleaseAll();
  }

  @Test
  void theConnectionIsAcceptedWhenTheServerJoinsTheNamespace_withThisUsersAuth() {
    session.open(SocketIoSessionTest::userValue, 5_000, outcome("accept"));
    assertEquals("40{\"token\":\"t-42\"}", sent());
    fromServer("0{\"sid\":\"e1\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
    assertEquals(List.of(), told, "the open packet is Engine.IO's: the application has not accepted yet");
    clock.set(5_012);
    fromServer("40{\"sid\":\"s1\"}");
    assertEquals(List.of("accept ok at 5012"), told);
    assertNull(channel.readInbound(), "Engine.IO packets stop at the session");
  }

  @Test
  void anotherNamespaceIsJoinedAndLeftByName() {
    SocketIoSession chat = new SocketIoSession(new SocketIoSettings("/chat", "", "", "", false, "", "echo", true,
        Duration.ofSeconds(5)), clock::get);
    EmbeddedChannel ch = new EmbeddedChannel(chat);
    chat.open(SocketIoSessionTest::userValue, 5_000, outcome("accept"));
    TextWebSocketFrame join = ch.readOutbound();
    assertEquals("40/chat,", join.text());
    join.release();
    ch.writeInbound(new TextWebSocketFrame("40{\"sid\":\"main\"}")); // the main namespace's, not ours
    assertEquals(List.of(), told);
    ch.writeInbound(new TextWebSocketFrame("40/chat,{\"sid\":\"s2\"}"));
    assertEquals(List.of("accept ok at 5000"), told);
    chat.goodbye();
    TextWebSocketFrame leave = ch.readOutbound();
    assertEquals("41/chat,", leave.text());
    leave.release();
    ch.finishAndReleaseAll();
  }

  @Test
  void a44IsARefusalQuotingTheServersPayload() {
    session.open(SocketIoSessionTest::userValue, 5_000, outcome("accept"));
    sent();
    fromServer("44{\"message\":\"unauthorized\",\"data\":{\"reason\":\"auth.token missing or wrong\"}}");
    assertEquals(List.of("accept failed: socketio refused: {\"message\":\"unauthorized\",\"data\":{\"reason\":"
        + "\"auth.token missing or wrong\"}}"), told);
  }

  @Test
  void aCloseBeforeTheJoinIsARefusal_andTheCloseFrameGoesOn() {
    session.open(SocketIoSessionTest::userValue, 5_000, outcome("accept"));
    sent();
    CloseWebSocketFrame close = new CloseWebSocketFrame(1008, "policy");
    channel.writeInbound(close);
    assertEquals(List.of("accept failed: socketio refused: close 1008 policy"), told);
    assertSame(close, channel.readInbound(), "the watch records how the connection ended");
    close.release();
  }

  @Test
  void theServersPingsAreAnsweredAtOnce_andAHeartbeatIsTheNextOneTimedFromWhenItWasDue() {
    fromServer("0{\"sid\":\"e1\",\"pingInterval\":500,\"pingTimeout\":400}");
    accepted();
    fromServer("2");
    assertEquals("3", sent());
    clock.set(5_100);
    session.heartbeat(300, outcome("heartbeat"));
    assertNull(sent(), "nothing to send: the server pings");
    clock.set(5_530);
    fromServer("2");
    assertEquals("3", sent());
    // Due at 5500 (the last ping at 5000 + pingInterval): 30 ms late.
    assertEquals(List.of("accept ok at 5000", "heartbeat ok from 5500 at 5530"), told);
  }

  @Test
  void withKeepAliveOffThePingsGoUnanswered() {
    ProtocolSession silent = Sessions.create(SETTINGS, clock::get, false);
    EmbeddedChannel ch = new EmbeddedChannel(silent);
    silent.open(SocketIoSessionTest::userValue, 5_000, outcome("accept"));
    ((TextWebSocketFrame) ch.readOutbound()).release();
    ch.writeInbound(new TextWebSocketFrame("40{\"sid\":\"s1\"}"));
    ch.writeInbound(new TextWebSocketFrame("2"));
    assertNull(ch.readOutbound(), "no pong");
    ch.finishAndReleaseAll();
  }

  @Test
  void subscribeEmitsTheEventWithAnAck_thenThePushEventsArgumentsArePushes() {
    accepted();
    session.subscribe(SocketIoSessionTest::userValue, 5_000, pushes(), outcome("subscribe"));
    assertEquals("420[\"subscribe\",{\"room\":\"r1\"}]", sent());
    assertEquals(List.of("accept ok at 5000"), told, "not before its ack");
    clock.set(5_003);
    fromServer("430[{\"subscribed\":true}]");
    assertEquals(List.of("accept ok at 5000", "subscribe ok at 5003"), told);
    clock.set(5_500);
    fromServer("42[\"push\",{\"seq\":0,\"ts\":5490,\"data\":\"tick\"}]");
    fromServer("42[\"news\",{\"seq\":7,\"ts\":5490}]");
    fromServer("42/chat,[\"push\",{\"seq\":9,\"ts\":5490}]");
    assertEquals(List.of("{\"seq\":0,\"ts\":5490,\"data\":\"tick\"} at 5500"), pushes,
        "only the push event of our namespace");
    assertNull(channel.readInbound());
  }

  @Test
  void anEventTheServerWantsAckedIsAcked() {
    accepted();
    fromServer("425[\"question\",1]");
    assertEquals("435[]", sent());
  }

  @Test
  void aRequestIsAnEventWithAnAck_thatMustCarryThePayloadBack() {
    accepted();
    assertTrue(session.request("hello", 5_000, outcome("request")));
    assertEquals("420[\"echo\",\"hello\"]", sent());
    clock.set(5_020);
    fromServer("430[\"hello\"]");
    assertTrue(session.request("again", 5_000, outcome("request")));
    assertEquals("421[\"echo\",\"again\"]", sent());
    fromServer("431[\"something else\"]");
    assertEquals(List.of("accept ok at 5000", "request ok at 5020",
        "request failed: ack differs from the payload sent: [\"something else\"]"), told);
    assertEquals("emit with ack", session.requestName());
  }

  @Test
  void theServerLeavingTheNamespaceIsADrop() {
    accepted();
    List<Object> events = new ArrayList<>();
    channel.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
      @Override
      public void userEventTriggered(io.netty.channel.ChannelHandlerContext ctx, Object evt) {
        events.add(evt);
      }
    });
    fromServer("41");
    assertEquals(List.of(new ProtocolSession.Dropped("socketio server disconnect", "the server left namespace / (41)")),
        events);
    assertFalse(channel.isOpen());
  }

  @Test
  void goodbyeLeavesTheNamespace() {
    accepted();
    session.goodbye();
    assertEquals("41", sent());
  }

  @Test
  void otherFramesGoOnUntouched() {
    TextWebSocketFrame other = new TextWebSocketFrame("hello");
    BinaryWebSocketFrame binary = new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2}));
    channel.writeInbound(other, binary);
    assertSame(other, channel.readInbound());
    assertSame(binary, channel.readInbound());
    other.release();
    binary.release();
  }

  @Test
  void noAnswerToTheJoinWithinTheTimeoutIsAnAcceptTimeout() throws Exception {
    SocketIoSession live = new SocketIoSession(SETTINGS, System::currentTimeMillis);
    try (LiveSession connection = new LiveSession(live, p -> { })) {
      connection.onLoop(() -> live.open(SocketIoSessionTest::userValue, 200, outcome("accept")));
      assertEquals("40{\"token\":\"t-42\"}", ((TextWebSocketFrame) connection.nextSent(5_000)).text());
      awaitTold(1);
      assertEquals(List.of("accept failed: socketio accept timeout"), told);
    }
  }

  @Test
  void aServerThatStopsPingingIsDroppedAfterPingIntervalPlusPingTimeout() throws Exception {
    SocketIoSession live = new SocketIoSession(SETTINGS, System::currentTimeMillis);
    try (LiveSession connection = new LiveSession(live, p -> { })) {
      connection.onLoop(() -> live.open(SocketIoSessionTest::userValue, 5_000, outcome("accept")));
      connection.nextSent(5_000);
      connection.fromServer(new TextWebSocketFrame("0{\"sid\":\"e1\",\"pingInterval\":300,\"pingTimeout\":200}"));
      connection.fromServer(new TextWebSocketFrame("40{\"sid\":\"s1\"}"));
      long lastPing = 0;
      for (int i = 0; i < 2; i++) { // pings on time are answered and keep the connection
        lastPing = System.nanoTime();
        connection.fromServer(new TextWebSocketFrame("2"));
        assertEquals("3", ((TextWebSocketFrame) connection.nextSent(5_000)).text());
      }
      connection.closed.get(5, TimeUnit.SECONDS);
      long quietMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastPing);
      assertTrue(quietMs >= 500, "dropped after " + quietMs + " ms of silence, before pingInterval + pingTimeout");
      assertEquals(new ProtocolSession.Dropped("keep-alive timeout",
          "no ping from the server within pingInterval + pingTimeout (500 ms)"), connection.nextPassedOn(1_000));
      assertEquals(1, told.size(), told.toString());
      assertTrue(told.get(0).startsWith("accept ok at "), told.toString());
    }
  }

  private void awaitTold(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (told.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private void accepted() {
    session.open(SocketIoSessionTest::userValue, 5_000, outcome("accept"));
    sent();
    fromServer("40{\"sid\":\"s1\"}");
  }
}
