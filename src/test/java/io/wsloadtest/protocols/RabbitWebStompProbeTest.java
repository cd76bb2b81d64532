package io.wsloadtest.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.stomp.StompCommand;
import io.wsloadtest.protocol.stomp.HeartBeatSetting;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** RabbitMQ's Web-STOMP plugin, guest/guest, a message to /topic/ticks every 300 ms through its management API. */
class RabbitWebStompProbeTest extends StompProbeContract {

  static RabbitWebStomp broker;

  @BeforeAll
  static void start() throws Exception {
    broker = new RabbitWebStomp();
    broker.startPublisher(300);
  }

  @AfterAll
  static void stop() throws Exception {
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
    return "/ws";
  }

  @Override
  String login() {
    return "guest";
  }

  @Override
  String passcode() {
    return "guest";
  }

  @Override
  String refusalText() {
    return "Bad CONNECT";
  }

  @Override
  long sessionsNow(JsonNode counts) {
    return counts.get("connectionsNow").asLong();
  }

  @Override
  long deliveredMessages(JsonNode counts) {
    return counts.get("delivered").asLong();
  }

  @Override
  long refusedLogins(JsonNode counts) {
    return counts.get("stompLoginsRefused").asLong();
  }

  /** Web-STOMP 3.10 closes the link on DISCONNECT (1000 "STOMP died") without the RECEIPT. */
  @Override
  boolean receiptsDisconnect() {
    return false;
  }

  /** Web-STOMP 3.10 sends ERROR for a refused login and leaves the link open. */
  @Override
  boolean closesAfterError() {
    return false;
  }

  /** Web-STOMP 3.10 counts no DISCONNECT as such: the connection leaving its list (the contract awaits it) is all. */
  @Override
  boolean disconnectCounted(JsonNode before, JsonNode now) {
    return true;
  }

  /** Nor a heart-beat drop: see {@link #checkHeartBeatDrop}. */
  @Override
  boolean heartBeatDropCounted(JsonNode before, JsonNode now) {
    return true;
  }

  /**
   * Web-STOMP 3.10 drops a client silent beyond the negotiated interval with close 1000 "STOMP died" and logs
   * nothing (the same close as a DISCONNECT): the connection leaving the broker's list, the close and its timing
   * are the record.
   */
  @Override
  void checkHeartBeatDrop(ProbeClient.Close close, long afterConnectMs, HeartBeatSetting.Negotiated agreed,
      List<Stomp> received) {
    assertEquals(new ProbeClient.Close(1000, "STOMP died", close.atNanos()), close);
    assertTrue(received.stream().noneMatch(f -> f.command() == StompCommand.ERROR), "no ERROR first: " + received);
    // rabbit_heartbeat gives up after about three silent intervals
    assertTrue(afterConnectMs >= 2 * agreed.clientSendsEveryMs() && afterConnectMs < 4 * agreed.clientSendsEveryMs() + 3000,
        "dropped " + afterConnectMs + " ms after CONNECT");
  }
}
