package io.wsloadtest.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.stomp.StompCommand;
import io.wsloadtest.protocol.stomp.HeartBeatSetting;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Spring's simple broker, heart-beats 1000,1000, a message to /topic/ticks every 300 ms. */
class SpringStompProbeTest extends StompProbeContract {

  static final String DROPPED = "CloseStatus[code=1002, reason=null]";
  static SpringStompBroker broker;

  @BeforeAll
  static void start() {
    broker = new SpringStompBroker("1000,1000", "secret", 300);
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  @Override
  ReferenceServer server() {
    return broker;
  }

  @Override
  String path() {
    return "/stomp";
  }

  @Override
  String login() {
    return "load";
  }

  @Override
  String passcode() {
    return "secret";
  }

  @Override
  String refusalText() {
    return "passcode refused for login 'load'";
  }

  @Override
  long sessionsNow(JsonNode counts) {
    return counts.get("webSocketSessionsNow").asLong();
  }

  @Override
  long deliveredMessages(JsonNode counts) {
    return counts.get("messagesTotal").asLong();
  }

  @Override
  long refusedLogins(JsonNode counts) {
    return counts.get("refusedConnects").asLong();
  }

  @Override
  boolean receiptsDisconnect() {
    return true;
  }

  @Override
  boolean closesAfterError() {
    return true;
  }

  @Override
  void checkDisconnectCounted(JsonNode before, JsonNode after) {
    assertEquals(before.get("stompDisconnect").asLong() + 1, after.get("stompDisconnect").asLong(), after.toString());
    assertEquals(closes(before, "CloseStatus[code=1000, reason=Bye]") + 1, closes(after,
        "CloseStatus[code=1000, reason=Bye]"), "the client's close after the RECEIPT: " + after);
  }

  private static long closes(JsonNode counts, String status) {
    return counts.path("disconnectsByCloseStatus").path(status).asLong();
  }

  @Override
  void checkHeartBeatDrop(ProbeClient.Close close, long afterConnectMs, HeartBeatSetting.Negotiated agreed,
      List<Stomp> received, JsonNode before, JsonNode after) {
    // the simple broker allows three missed intervals, then sends ERROR "Session closed." and closes with 1002
    assertEquals(List.of("Session closed."), received.stream().filter(f -> f.command() == StompCommand.ERROR)
        .map(f -> f.headers().get("message")).toList(), received.toString());
    assertEquals(1002, close.code(), close.toString());
    assertTrue(afterConnectMs >= 3 * agreed.clientSendsEveryMs() && afterConnectMs < 4 * agreed.clientSendsEveryMs() + 2000,
        "dropped " + afterConnectMs + " ms after CONNECT");
    assertEquals(closes(before, DROPPED) + 1, closes(after, DROPPED), "Spring's disconnect event for it: " + after);
  }
}
