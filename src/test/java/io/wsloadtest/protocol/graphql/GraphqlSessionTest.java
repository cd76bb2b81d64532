package io.wsloadtest.protocol.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.wsloadtest.config.GraphqlSettings;
import io.wsloadtest.protocol.Outcome;
import io.wsloadtest.protocol.ProtocolSession;
import io.wsloadtest.protocol.Told;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A graphql-transport-ws session in a pipeline of its own: what it sends, and what it makes of each answer. */
class GraphqlSessionTest {

  final AtomicLong clock = new AtomicLong(5_000);
  final List<String> told = new ArrayList<>();
  final GraphqlSession session = new GraphqlSession(new GraphqlSettings("{\"token\":\"#{token}\"}",
      "subscription { ticks { seq ts } }", "{\"room\":\"#{room}\"}", Duration.ofSeconds(5)), clock::get);
  final EmbeddedChannel channel = new EmbeddedChannel(session);

  Outcome outcome(String what) {
    return Told.outcome(told, what);
  }

  String sent() {
    TextWebSocketFrame frame = channel.readOutbound();
    try {
      return frame.text();
    } finally {
      frame.release();
    }
  }

  static String userValue(String template) {
    return template.replace("#{token}", "t-42").replace("#{room}", "r1");
  }

  @AfterEach
  void release() {
    channel.finishAndReleaseAll();
  }

  @Test
  void theConnectionIsAcceptedByConnectionAck_withThisUsersInitPayload() {
    session.open(GraphqlSessionTest::userValue, 5_000, outcome("accept"));
    assertEquals("{\"type\":\"connection_init\",\"payload\":{\"token\":\"t-42\"}}", sent());
    clock.set(5_012);
    channel.writeInbound(new TextWebSocketFrame("{\"type\":\"connection_ack\"}"));
    assertEquals(List.of("accept ok at 5012"), told);
  }

  @Test
  void aCloseBeforeTheAckIsARefusalQuotingTheServer() {
    session.open(GraphqlSessionTest::userValue, 5_000, outcome("accept"));
    sent();
    CloseWebSocketFrame close = new CloseWebSocketFrame(4403, "Forbidden");
    channel.writeInbound(close);
    assertEquals(List.of("accept failed: graphql-ws refused: close 4403 forbidden: connection_init refused (Forbidden)"),
        told);
    assertSame(close, channel.readInbound(), "the close frame goes on to the watch, which records the end");
    close.release();
  }

  @Test
  void theServersPingsAreAnsweredAndAHeartbeatIsOurPingTimedToItsPong() {
    accepted();
    channel.writeInbound(new TextWebSocketFrame("{\"type\":\"ping\"}"));
    assertEquals("{\"type\":\"pong\"}", sent());
    session.heartbeat(5_000, outcome("heartbeat"));
    assertEquals("{\"type\":\"ping\"}", sent());
    clock.set(5_030);
    channel.writeInbound(new TextWebSocketFrame("{\"type\":\"pong\"}"));
    assertEquals(List.of("accept ok at 5000", "heartbeat ok at 5030"), told);
    assertEquals(null, (Object) channel.readInbound(), "protocol messages stop at the session");
  }

  @Test
  void aSubscriptionsNextMessagesArePushes_andItsErrorIsReported() {
    accepted();
    List<String> pushes = new ArrayList<>();
    session.subscribe(GraphqlSessionTest::userValue, 5_000, Told.pushes(pushes), outcome("subscribe"));
    assertEquals("{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":\"subscription { ticks { seq ts } }\","
        + "\"variables\":{\"room\":\"r1\"}}}", sent());
    channel.writeInbound(new TextWebSocketFrame(
        "{\"type\":\"next\",\"id\":\"1\",\"payload\":{\"data\":{\"ticks\":{\"seq\":0,\"ts\":4990}}}}"));
    channel.writeInbound(new TextWebSocketFrame("{\"type\":\"next\",\"id\":\"9\",\"payload\":{\"data\":{}}}"));
    channel.writeInbound(new TextWebSocketFrame(
        "{\"type\":\"error\",\"id\":\"1\",\"payload\":[{\"message\":\"boom\"}]}"));
    assertEquals(List.of("{\"ticks\":{\"seq\":0,\"ts\":4990}} at 5000",
        "error graphql-ws subscription error: [{\"message\":\"boom\"}]"), pushes);
    assertEquals(List.of("accept ok at 5000", "subscribe ok at 5000"), told);
  }

  @Test
  void otherTextsGoOnUntouched() {
    TextWebSocketFrame other = new TextWebSocketFrame("hello");
    channel.writeInbound(other);
    assertSame(other, channel.readInbound());
    other.release();
  }

  @Test
  void goodbyeCompletesTheSubscriptions() {
    accepted();
    session.subscribe(GraphqlSessionTest::userValue, 5_000, new ProtocolSession.Pushes() {
      @Override
      public void push(String payload, long atMillis) {}

      @Override
      public void error(String message, long atMillis) {}
    }, outcome("subscribe"));
    sent();
    session.goodbye();
    assertEquals("{\"type\":\"complete\",\"id\":\"1\"}", sent());
  }

  private void accepted() {
    session.open(GraphqlSessionTest::userValue, 5_000, outcome("accept"));
    sent();
    channel.writeInbound(new TextWebSocketFrame("{\"type\":\"connection_ack\"}"));
  }
}
