package io.wsloadtest.protocol.stomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.wsloadtest.config.ProtocolSettings;
import io.wsloadtest.config.StompSettings;
import io.wsloadtest.protocol.Outcome;
import io.wsloadtest.protocol.ProtocolSession;
import io.wsloadtest.protocol.Sessions;
import io.wsloadtest.protocol.Told;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A STOMP 1.2 session in a pipeline of its own (the codec in front of it): what it sends and what it makes of each
 * answer. What it does on its own time is {@link StompSessionKeepAliveTest}'s.
 */
class StompSessionTest {

  static final StompSettings SETTINGS = new StompSettings("/", "#{user}", "#{token}", Duration.ofMillis(200),
      Duration.ofMillis(300), "/topic/#{room}", "/queue/echo-#{user}", Duration.ofSeconds(5));

  final AtomicLong clock = new AtomicLong(5_000);
  final List<String> told = new ArrayList<>();
  // Keep-alive off: its timers run from the timing wheel's thread, which must not reach an EmbeddedChannel's loop.
  ProtocolSession session = Sessions.create(SETTINGS, clock::get, false);
  EmbeddedChannel channel = new EmbeddedChannel(session);

  Outcome outcome(String what) {
    return Told.outcome(told, what);
  }

  static String userValue(String template) {
    return template.replace("#{user}", "u7").replace("#{token}", "t-42").replace("#{room}", "r1");
  }

  String sent() {
    TextWebSocketFrame frame = channel.readOutbound();
    if (frame == null) {
      return null;
    }
    try {
      return frame.text();
    } finally {
      frame.release();
    }
  }

  void fromBroker(String frame) {
    channel.writeInbound(new TextWebSocketFrame(frame));
  }

  @AfterEach
  void release() {
    channel.finishAndReleaseAll();
  }

  @Test
  void connectCarriesThisUsersLoginPasscodeAndHeartBeatOffer_andConnectedAcceptsIt() {
    session.open(StompSessionTest::userValue, 5_000, outcome("accept"));
    String connect = sent();
    assertTrue(connect.startsWith("CONNECT\n") && connect.contains("accept-version:1.2\n")
        && connect.contains("host:/\n")
        && connect.contains("login:u7\n") && connect.contains("passcode:t-42\n")
        && connect.contains("heart-beat:200,300\n") && connect.endsWith("\n\n\0"), connect);
    clock.set(5_012);
    fromBroker("CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\0");
    assertEquals(List.of("accept ok at 5012"), told);
    assertNull(channel.readInbound(), "STOMP frames stop at the session");
  }

  @Test
  void anErrorInsteadOfConnectedIsARefusalQuotingTheBroker() {
    session.open(StompSessionTest::userValue, 5_000, outcome("accept"));
    sent();
    fromBroker("ERROR\nmessage:Bad CONNECT\ncontent-type:text/plain\n\nAccess refused for user 'u7'\0");
    assertEquals(List.of("accept failed: stomp refused: Bad CONNECT: Access refused for user 'u7'"), told);
  }

  @Test
  void aCloseBeforeConnectedIsARefusal_andTheCloseFrameGoesOnToTheWatch() {
    session.open(StompSessionTest::userValue, 5_000, outcome("accept"));
    sent();
    CloseWebSocketFrame close = new CloseWebSocketFrame(1002, "");
    channel.writeInbound(close);
    assertEquals(List.of("accept failed: stomp refused: close 1002"), told);
    assertSame(close, channel.readInbound());
    close.release();
  }

  @Test
  void aHeartbeatIsTheWaitForTheBrokersNextHeartBeatOrFrame_timedFromWhenTheBrokerWasDueToBeat() {
    accepted("100,0"); // the broker beats every 300 ms (what we asked for, slower than its 100)
    session.heartbeat(2_000, outcome("heartbeat"));
    clock.set(5_250);
    fromBroker("\n");
    assertNull(channel.readInbound(), "a heart-beat is the session's");
    session.heartbeat(2_000, outcome("heartbeat"));
    clock.set(5_300);
    fromBroker("MESSAGE\nsubscription:other\ndestination:/topic/x\nmessage-id:1\n\nhi\0");
    session.heartbeat(2_000, outcome("heartbeat"));
    clock.set(5_750);
    fromBroker("\n"); // due at 5600: 150 ms late
    assertEquals(List.of("accept ok at 5000", "heartbeat ok from 5300 at 5250", "heartbeat ok from 5550 at 5300",
        "heartbeat ok from 5600 at 5750"), told);
  }

  @Test
  void aBrokerThatSendsNoHeartBeatsHasNothingToAwait() {
    accepted("0,0");
    session.heartbeat(2_000, outcome("heartbeat"));
    assertEquals("heartbeat failed: stomp heartbeat: the broker sends no heart-beats (ours heart-beat:200,300, its"
        + " heart-beat:0,0); set wsload.stomp.heart-beat.receive above 0", told.get(1));
  }

  @Test
  void aSubscriptionsMessagesArePushes_andAnErrorEndsItQuotingTheBroker() {
    accepted("0,0");
    List<String> pushes = new ArrayList<>();
    session.subscribe(StompSessionTest::userValue, 5_000, Told.pushes(pushes), outcome("subscribe"));
    String subscribe = sent();
    assertTrue(subscribe.startsWith("SUBSCRIBE\n") && subscribe.contains("id:sub-0\n")
        && subscribe.contains("destination:/topic/r1\n"), subscribe);
    clock.set(5_040);
    fromBroker("MESSAGE\nsubscription:sub-0\ndestination:/topic/r1\nmessage-id:m-1\ncontent-length:20\n\n"
        + "{\"seq\":3,\"ts\":17000}\0");
    fromBroker("MESSAGE\nsubscription:sub-9\ndestination:/topic/x\nmessage-id:m-2\n\nnot ours\0");
    fromBroker("ERROR\nmessage:Session closed.\n\n\0");
    assertEquals(List.of("{\"seq\":3,\"ts\":17000} at 5040", "error stomp ERROR: Session closed."), pushes);
    assertEquals(List.of("accept ok at 5000", "subscribe ok at 5000"), told);
  }

  @Test
  void withoutADestinationThereIsNothingToSubscribeTo() {
    session = Sessions.create(new StompSettings("/", "", "", Duration.ZERO, Duration.ZERO, "", "",
        Duration.ofSeconds(5)), clock::get, false);
    channel = new EmbeddedChannel(session);
    accepted("0,0");
    session.subscribe(StompSessionTest::userValue, 5_000, null, outcome("subscribe"));
    assertEquals("subscribe failed: stomp: nothing to subscribe to; set wsload.stomp.destination (e.g. /topic/ticks)",
        told.get(1));
    assertNull(sent());
  }

  @Test
  void aRequestIsASendWithAReceipt_answeredByItsReceipt() {
    accepted("0,0");
    assertEquals("send with receipt", session.requestName());
    assertTrue(session.request("hello", 5_000, outcome("request")));
    String send = sent();
    assertTrue(send.startsWith("SEND\n") && send.contains("destination:/queue/echo-u7\n")
        && send.contains("receipt:send-0\n") && send.contains("content-length:5\n")
        && send.endsWith("\n\nhello\0"), send);
    clock.set(5_007);
    fromBroker("RECEIPT\nreceipt-id:send-9\n\n\0");
    fromBroker("RECEIPT\nreceipt-id:send-0\n\n\0");
    assertEquals(List.of("accept ok at 5000", "request ok at 5007"), told);
  }

  @Test
  void withoutASendDestinationThereAreNoRequests() {
    ProtocolSettings none = new StompSettings("/", "", "", Duration.ZERO, Duration.ZERO, "/topic/t", "",
        Duration.ofSeconds(5));
    assertEquals("", none.requestName());
    session = Sessions.create(none, clock::get, false);
    channel = new EmbeddedChannel(session);
    accepted("0,0");
    assertFalse(session.request("hello", 5_000, outcome("request")));
    assertNull(sent());
  }

  @Test
  void aRequestPendingWhenTheBrokerEndsTheSessionFailsWithTheBrokersWords() {
    accepted("0,0");
    session.request("hello", 5_000, outcome("request"));
    sent();
    fromBroker("ERROR\nmessage:Session closed.\n\n\0");
    channel.writeInbound(new CloseWebSocketFrame(1002, ""));
    channel.close();
    assertEquals("request failed: connection dropped while awaiting RECEIPT: stomp ERROR: Session closed., then close"
        + " 1002", told.get(1));
  }

  private void accepted(String brokerHeartBeat) {
    session.open(StompSessionTest::userValue, 5_000, outcome("accept"));
    sent();
    fromBroker("CONNECTED\nversion:1.2\nheart-beat:" + brokerHeartBeat + "\n\n\0");
  }
}
