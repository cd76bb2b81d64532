package io.wsloadtest.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.stomp.StompCommand;
import io.netty.handler.codec.stomp.StompFrame;
import io.wsloadtest.protocol.stomp.HeartBeatSetting;
import io.wsloadtest.protocol.stomp.StompFrames;
import io.wsloadtest.protocol.stomp.StompHeartBeat;
import io.wsloadtest.protocol.stomp.StompOverWebSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every STOMP 1.2 broker here must show a probe using the STOMP codec, and count itself: CONNECT accepted
 * (CONNECTED 1.2) and DISCONNECT receipted; a wrong passcode answered by ERROR; heart-beats on the negotiated
 * interval keep the session past three intervals while MESSAGEs arrive in order; a silent client is dropped.
 * Each broker says where its counts keep these figures.
 */
abstract class StompProbeContract {

  static final ObjectMapper JSON = new ObjectMapper();
  /** What the client offers: it can beat every second and wants the server's every second. */
  static final HeartBeatSetting CLIENT_HEART_BEAT = new HeartBeatSetting(1000, 1000);

  /** A STOMP frame as the test reads it (the frame itself is released on the event loop). */
  record Stomp(StompCommand command, Map<String, String> headers, String body) {}

  abstract ReferenceServer server();

  abstract String login();

  abstract String passcode();

  /** The ERROR text a wrong passcode gets. */
  abstract String refusalText();

  abstract long sessionsNow(JsonNode counts);

  abstract long deliveredMessages(JsonNode counts);

  abstract long refusedLogins(JsonNode counts);

  /** Whether the broker answers DISCONNECT with the RECEIPT it asks for (else it closes the link at once). */
  abstract boolean receiptsDisconnect();

  /** Whether the broker closes the link after an ERROR, as STOMP 1.2 says it must. */
  abstract boolean closesAfterError();

  /** Whether the broker's counts show the client's DISCONNECT (since {@code before}), beyond the session leaving. */
  abstract boolean disconnectCounted(JsonNode before, JsonNode now);

  /** Whether the broker's counts show that it dropped a client for missed heart-beats (since {@code before}). */
  abstract boolean heartBeatDropCounted(JsonNode before, JsonNode now);

  /** Each test compares counts with those before it: the previous test's session must be gone first. */
  @BeforeEach
  void noSessionLeftFromAnEarlierTest() throws InterruptedException {
    server().awaitCounts("no session left from an earlier test", 15_000, n -> sessionsNow(n) == 0);
  }

  @Test
  void connectIsAnsweredByConnected12_andCounted_thenDisconnectEndsTheSession() throws Exception {
    JsonNode before = server().counts();
    try (ProbeClient client = open()) {
      Stomp connected = connect(client, passcode(), HeartBeatSetting.NONE);
      assertEquals(StompCommand.CONNECTED, connected.command(), connected.toString());
      assertEquals("1.2", connected.headers().get("version"), connected.toString());
      server().awaitCounts("one more session", 10_000, n -> sessionsNow(n) == sessionsNow(before) + 1);
      disconnect(client, "bye-1");
      server().awaitCounts("the session gone and the DISCONNECT counted", 10_000,
          n -> sessionsNow(n) == sessionsNow(before) && disconnectCounted(before, n));
    }
  }

  @Test
  void aWrongPasscodeIsAnsweredWithError_quotedAsTheBrokerWroteIt() throws Exception {
    JsonNode before = server().counts();
    try (ProbeClient client = open()) {
      Stomp error = connect(client, "wrong-passcode", HeartBeatSetting.NONE);
      assertEquals(StompCommand.ERROR, error.command(), error.toString());
      assertTrue(errorText(error).contains(refusalText()), errorText(error));
      if (closesAfterError()) {
        client.closed().get(10, TimeUnit.SECONDS);
      } else {
        client.close();
      }
      server().awaitCounts("the refusal counted, no session left", 10_000,
          n -> refusedLogins(n) == refusedLogins(before) + 1 && sessionsNow(n) == sessionsNow(before));
    }
  }

  @Test
  void heartBeatsOnTheNegotiatedInterval_keepTheSessionPastThreeIntervals_whileMessagesArriveInOrder()
      throws Exception {
    JsonNode before = server().counts();
    try (ProbeClient client = open()) {
      Stomp connected = connect(client, passcode(), CLIENT_HEART_BEAT);
      HeartBeatSetting.Negotiated agreed = HeartBeatSetting.negotiate(CLIENT_HEART_BEAT,
          HeartBeatSetting.parse(connected.headers().get("heart-beat")));
      assertTrue(agreed.clientSendsEveryMs() > 0 && agreed.serverSendsEveryMs() > 0, "heart-beats both ways: " + agreed
          + " from " + connected);
      // Our beats from the start: a broker may end a session silent for a few of its intervals (Spring after three)
      // sooner than a busy host shows it two of the broker's own.
      AtomicInteger sent = new AtomicInteger();
      ScheduledFuture<?> beats = client.channel().eventLoop().scheduleAtFixedRate(() -> {
        client.channel().writeAndFlush(StompHeartBeat.INSTANCE);
        sent.incrementAndGet();
      }, 0, agreed.clientSendsEveryMs(), TimeUnit.MILLISECONDS);
      try {
        // idle (nothing subscribed yet), the server beats on its interval
        Await.until("two heart-beats from the idle server", 3 * agreed.serverSendsEveryMs() + 5000,
            () -> client.all(StompHeartBeat.class).size(), n -> n >= 2);
        int sentBeforeSubscribe = sent.get();
        client.send(StompFrames.subscribe("sub-0", "/topic/ticks", null));
        // three client intervals, with a message every 300 ms meanwhile (which stand in for the server's beats)
        Await.until("three more client heart-beat intervals", 4 * agreed.clientSendsEveryMs() + 5000,
            sent::get, n -> n >= sentBeforeSubscribe + 3);
        server().awaitCounts("the broker holds the session", 10_000, n -> sessionsNow(n) == sessionsNow(before) + 1);
        assertTrue(client.isOpen(), "still connected: " + client.closed().getNow(null));
        // nothing delivered after the UNSUBSCRIBE, and all before it arrives ahead of the RECEIPT or the close
        client.send(StompFrames.unsubscribe("sub-0"));
        disconnect(client, "bye-2");
      } finally {
        beats.cancel(false);
      }
      List<Stomp> messages = client.all(Stomp.class).stream().filter(f -> f.command() == StompCommand.MESSAGE).toList();
      assertTrue(messages.size() >= 6, "a message every 300 ms for three intervals: " + messages.size());
      long first = JSON.readTree(messages.get(0).body()).get("seq").asLong();
      for (int i = 0; i < messages.size(); i++) {
        assertEquals(first + i, JSON.readTree(messages.get(i).body()).get("seq").asLong(), "in order, none missing");
        assertEquals("sub-0", messages.get(i).headers().get("subscription"));
      }
      JsonNode c = server().awaitCounts("the broker's deliveries to this session", 10_000,
          n -> deliveredMessages(n) - deliveredMessages(before) >= messages.size());
      assertEquals(messages.size(), deliveredMessages(c) - deliveredMessages(before), c.toString());
    }
  }

  @Test
  void aClientThatNegotiatedHeartBeatsButSendsNone_isDropped() throws Exception {
    JsonNode before = server().counts();
    try (ProbeClient client = open()) {
      long start = System.nanoTime();
      Stomp connected = connect(client, passcode(), CLIENT_HEART_BEAT);
      HeartBeatSetting.Negotiated agreed = HeartBeatSetting.negotiate(CLIENT_HEART_BEAT,
          HeartBeatSetting.parse(connected.headers().get("heart-beat")));
      ProbeClient.Close close = client.closed().get(10 * agreed.clientSendsEveryMs() + 5000, TimeUnit.MILLISECONDS);
      long afterMs = TimeUnit.NANOSECONDS.toMillis(close.atNanos() - start);
      server().awaitCounts("the session gone from the broker and the drop counted", 10_000,
          n -> sessionsNow(n) == sessionsNow(before) && heartBeatDropCounted(before, n));
      checkHeartBeatDrop(close, afterMs, agreed, client.all(Stomp.class));
    }
  }

  /** How this broker drops a silent client: the close, how long after CONNECT, what it sent before. */
  abstract void checkHeartBeatDrop(ProbeClient.Close close, long afterConnectMs, HeartBeatSetting.Negotiated agreed,
      List<Stomp> received);

  /** DISCONNECT with a receipt, then the RECEIPT and the client's close, or the broker's own close. */
  private void disconnect(ProbeClient client, String receipt) throws Exception {
    client.send(StompFrames.disconnect(receipt));
    if (receiptsDisconnect()) {
      Stomp answer = client.next(Stomp.class, f -> f.command() == StompCommand.RECEIPT, 5000);
      assertEquals(receipt, answer.headers().get("receipt-id"));
      client.close(); // the client closes once it has the receipt (STOMP 1.2: graceful disconnect)
    } else {
      ProbeClient.Close close = client.closed().get(5, TimeUnit.SECONDS);
      assertEquals(1000, close.code(), "no RECEIPT: the broker closes the link itself; " + close);
      assertTrue(client.all(Stomp.class).stream().noneMatch(f -> f.command() == StompCommand.RECEIPT));
    }
  }

  static String errorText(Stomp error) {
    String message = error.headers().get("message");
    return message == null ? error.body() : message + ": " + error.body().strip();
  }

  private Stomp connect(ProbeClient client, String passcode, HeartBeatSetting heartBeat) throws InterruptedException {
    client.send(StompFrames.connect("/", login(), passcode, heartBeat));
    return client.next(Stomp.class, f -> f.command() == StompCommand.CONNECTED || f.command() == StompCommand.ERROR,
        10_000);
  }

  ProbeClient open() throws Exception {
    return ProbeClient.open(server().wsUrl(path()), new ProbeClient.Protocol(StompOverWebSocket.SUBPROTOCOL,
        p -> StompOverWebSocket.addTo(p, 65_536), StompProbeContract::view, null), true);
  }

  abstract String path();

  private static Object view(Object message) {
    if (message instanceof StompFrame frame) {
      Map<String, String> headers = new LinkedHashMap<>();
      frame.headers().forEach(e -> headers.putIfAbsent(e.getKey().toString(), e.getValue().toString()));
      return new Stomp(frame.command(), headers, StompFrames.body(frame));
    }
    return message;
  }
}
