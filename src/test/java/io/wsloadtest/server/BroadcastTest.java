package io.wsloadtest.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsloadtest.config.ServerBroadcast;
import io.wsloadtest.config.ServerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Broadcast mode seen by real WebSocket clients (the JDK's) over loopback. */
class BroadcastTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static EchoServer start(ServerBroadcast broadcast) throws InterruptedException {
    EchoServer server = new EchoServer(ServerSettings.loopbackDefaults().withBroadcast(broadcast));
    server.start();
    return server;
  }

  @Test
  void everyConnectionGetsItsOwnSequenceFromZero_stampedWithTheSendTime() throws Exception {
    long before = System.currentTimeMillis();
    try (EchoServer server = start(new ServerBroadcast(50, 8, ServerBroadcast.DEFAULT_SUBSCRIBE));
         WsTestClient first = new WsTestClient(server.urls().get(0));
         WsTestClient second = new WsTestClient(server.urls().get(0))) {
      for (WsTestClient client : List.of(first, second)) {
        List<JsonNode> pushes = pushes(client, 50);
        for (int i = 0; i < pushes.size(); i++) {
          JsonNode m = pushes.get(i);
          assertEquals(i, m.get("seq").asLong(), "no gap, no duplicate: " + m);
          assertEquals("xxxxxxxx", m.get("data").asText());
          assertEquals(3, m.size(), "seq, ts, data: " + m);
        }
        long firstTs = pushes.get(0).get("ts").asLong();
        long lastTs = pushes.get(49).get("ts").asLong();
        // Stamped when sent: after the server started, never in the future.
        assertTrue(firstTs >= before && lastTs <= System.currentTimeMillis(), before + " " + firstTs + " " + lastTs);
        // 50 a second: 49 periods of 20 ms are ~1 s. Wide bounds: on a busy machine a late tick is followed
        // by quick ones (a fixed rate catches up), so the span can shrink a little as well as grow.
        assertTrue(lastTs - firstTs >= 300 && lastTs - firstTs <= 5000, "span " + (lastTs - firstTs) + " ms");
      }
      assertTrue(server.broadcastsSent() >= 100, "counted: " + server.broadcastsSent());
    }
  }

  @Test
  void subscribeIsAcceptedWithoutAnEcho_otherTextIsStillEchoedBetweenPushes() throws Exception {
    try (EchoServer server = start(new ServerBroadcast(20, 0, "{\"type\":\"subscribe\"}"));
         WsTestClient c = new WsTestClient(server.urls().get(0))) {
      c.socket.sendText("{\"type\":\"subscribe\"}", true).join();
      c.socket.sendText("hello", true).join();
      List<String> texts = new ArrayList<>();
      // The echo comes back among the pushes; the subscribe never does.
      while (!texts.contains("hello")) {
        texts.add(c.next().text());
      }
      pushes(c, 5); // and the pushes go on
      assertTrue(texts.stream().noneMatch(t -> t.contains("subscribe")), texts.toString());
      assertTrue(texts.stream().filter(t -> !t.equals("hello")).allMatch(t -> t.startsWith("{\"seq\":")), texts.toString());
    }
  }

  @Test
  void offByDefault_theServerOnlyEchoes() throws Exception {
    try (EchoServer server = start(ServerBroadcast.OFF);
         WsTestClient c = new WsTestClient(server.urls().get(0))) {
      c.socket.sendText("{\"type\":\"subscribe\"}", true).join();
      assertEquals("{\"type\":\"subscribe\"}", c.next().text(), "echoed like any text");
      assertEquals(null, c.poll(Duration.ofMillis(300)), "nothing pushed");
      assertEquals(0, server.broadcastsSent());
    }
  }

  /** The next {@code count} pushes, skipping anything else. */
  static List<JsonNode> pushes(WsTestClient client, int count) throws Exception {
    List<JsonNode> pushes = new ArrayList<>();
    while (pushes.size() < count) {
      WsTestClient.Event e = client.next();
      if ("text".equals(e.kind()) && e.text().startsWith("{\"seq\":")) {
        pushes.add(JSON.readTree(e.text()));
      }
    }
    return pushes;
  }
}
