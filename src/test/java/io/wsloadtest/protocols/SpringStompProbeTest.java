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
  /** Netty's client closes with 1000 "Bye". */
  static final String CLIENT_CLOSED = "CloseStatus[code=1000, reason=Bye]";
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

  /** Spring's STOMP stats count the DISCONNECT, its disconnect event the client's close after the RECEIPT. */
  @Override
  boolean disconnectCounted(JsonNode before, JsonNode now) {
    return now.get("stompDisconnect").asLong() == before.get("stompDisconnect").asLong() + 1
        && closes(now, CLIENT_CLOSED) == closes(before, CLIENT_CLOSED) + 1;
  }

  /** Spring's disconnect event for the drop carries the 1002 it closed with. */
  @Override
  boolean heartBeatDropCounted(JsonNode before, JsonNode now) {
    return closes(now, DROPPED) == closes(before, DROPPED) + 1;
  }

  private static long closes(JsonNode counts, String status) {
    return counts.path("disconnectsByCloseStatus").path(status).asLong();
  }

  @Override
  void checkHeartBeatDrop(ProbeClient.Close close, long afterConnectMs, HeartBeatSetting.Negotiated agreed,
      List<Stomp> received) {
    // the simple broker allows three missed intervals, then sends ERROR "Session closed." and closes with 1002
    assertEquals(List.of("Session closed."), received.stream().filter(f -> f.command() == StompCommand.ERROR)
        .map(f -> f.headers().get("message")).toList(), received.toString());
    assertEquals(1002, close.code(), close.toString());
    assertTrue(afterConnectMs >= 3 * agreed.clientSendsEveryMs() && afterConnectMs < 4 * agreed.clientSendsEveryMs() + 3000,
        "dropped " + afterConnectMs + " ms after CONNECT");
  }
}
