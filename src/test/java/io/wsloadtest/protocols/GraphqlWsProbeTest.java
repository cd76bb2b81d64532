package io.wsloadtest.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.wsloadtest.protocol.graphql.GraphqlWsCodec;
import io.wsloadtest.protocol.graphql.GraphqlWsMessage;
import io.wsloadtest.protocol.graphql.GraphqlWsType;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The graphql-ws 6 reference server (src/test/node/graphql-server.mjs: init timeout 1.5 s, WebSocket keep-alive
 * pings every 1.5 s, ticks every 500 ms) and its own counts, probed with the graphql-transport-ws codec.
 */
class GraphqlWsProbeTest {

  static final long KEEP_ALIVE = 1500;
  static final long INIT_TIMEOUT = 1500;
  static ChildServer server;

  @BeforeAll
  static void start() throws Exception {
    server = ChildServer.node("graphql-server.mjs", "--init-timeout", "" + INIT_TIMEOUT, "--keep-alive",
        "" + KEEP_ALIVE, "--emit-every", "500", "--token", "secret");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  /** Each test compares counts with those before it: the previous test's link must be gone first. */
  @BeforeEach
  void noSessionLeftFromAnEarlierTest() throws InterruptedException {
    server.awaitCounts("no link left from an earlier test", 15_000, n -> n.get("connectedNow").asLong() == 0);
  }

  @Test
  void connectionInitWithTheToken_isAcked_andCounted() throws Exception {
    JsonNode before = server.counts();
    try (ProbeClient client = open(true)) {
      client.send(init("secret"));
      client.next(GraphqlWsMessage.class, m -> m.type() == GraphqlWsType.CONNECTION_ACK, 5000);
      JsonNode c = server.awaitCounts("one more ack", 5000, n -> n.get("acks").asLong() == before.get("acks").asLong() + 1);
      assertEquals(before.get("connectedNow").asLong() + 1, c.get("connectedNow").asLong(), c.toString());
      client.send(GraphqlWsCodec.encode(GraphqlWsMessage.ping()));
      client.next(GraphqlWsMessage.class, m -> m.type() == GraphqlWsType.PONG, 5000);
      server.awaitCounts("the ping counted", 5000,
          n -> n.get("pingsReceived").asLong() == before.get("pingsReceived").asLong() + 1);
    }
  }

  @Test
  void aWrongToken_isClosedWith4403Forbidden() throws Exception {
    JsonNode before = server.counts();
    try (ProbeClient client = open(true)) {
      client.send(init("wrong"));
      ProbeClient.Close close = client.closed().get(5, TimeUnit.SECONDS);
      assertEquals(new ProbeClient.Close(4403, "Forbidden", close.atNanos()), close);
      server.awaitCounts("the refusal and its close code", 5000,
          n -> n.get("refused").asLong() == before.get("refused").asLong() + 1
              && closes(n, 4403) == closes(before, 4403) + 1);
    }
  }

  @Test
  void noConnectionInit_isClosedWith4408AfterTheInitTimeout() throws Exception {
    JsonNode before = server.counts();
    long start = System.nanoTime();
    try (ProbeClient client = open(true)) {
      ProbeClient.Close close = client.closed().get(INIT_TIMEOUT + 5000, TimeUnit.MILLISECONDS);
      assertEquals(4408, close.code(), close.toString());
      assertEquals("Connection initialisation timeout", close.reason());
      long afterMs = TimeUnit.NANOSECONDS.toMillis(close.atNanos() - start);
      assertTrue(afterMs >= INIT_TIMEOUT - 100 && afterMs < INIT_TIMEOUT + 3000, "closed after " + afterMs + " ms");
      server.awaitCounts("close 4408 counted", 5000, n -> closes(n, 4408) == closes(before, 4408) + 1);
    }
  }

  @Test
  void answeredKeepAlivePings_keepTheLinkPastThreeIntervals_whileTicksArriveInOrder() throws Exception {
    JsonNode before = server.counts();
    try (ProbeClient client = open(true)) {
      client.send(init("secret"));
      client.next(GraphqlWsMessage.class, m -> m.type() == GraphqlWsType.CONNECTION_ACK, 5000);
      client.send(GraphqlWsCodec.encode(GraphqlWsMessage.subscribe("s1", "subscription { ticks { seq ts data } }", null)));
      Await.until("three keep-alive pings answered", 4 * KEEP_ALIVE + 3000, client::pingsReceived, n -> n >= 3);
      assertTrue(client.isOpen(), "still connected: " + client.closed().getNow(null));
      client.send(GraphqlWsCodec.encode(GraphqlWsMessage.complete("s1")));
      JsonNode c = server.awaitCounts("the subscription and its complete", 5000,
          n -> n.get("subscriptions").asLong() == before.get("subscriptions").asLong() + 1
              && n.get("completes").asLong() == before.get("completes").asLong() + 1);
      long sent = c.get("nextSent").asLong() - before.get("nextSent").asLong();
      // a next sent before the server took the complete may still be on its way
      List<Long> seqs = Await.until("the client has every next the server sent", 5000,
          () -> client.all(GraphqlWsMessage.class).stream().filter(m -> m.type() == GraphqlWsType.NEXT)
              .map(m -> m.data().path("ticks").path("seq").asLong()).toList(), l -> l.size() >= sent);
      assertEquals(sent, seqs.size(), "the client received what the server sent: " + c);
      assertTrue(seqs.size() >= 6, "a tick every 500 ms for three 1.5 s intervals: " + seqs);
      for (int i = 0; i < seqs.size(); i++) {
        assertEquals(i, seqs.get(i), "in order from 0, none missing: " + seqs);
      }
      assertEquals(closes(before, "terminated"), closes(c, "terminated"), "no keep-alive termination meanwhile: " + c);
    }
  }

  @Test
  void unansweredKeepAlivePings_getTheSocketTerminated_withoutACloseFrame() throws Exception {
    JsonNode before = server.counts();
    try (ProbeClient client = open(false)) {
      client.send(init("secret"));
      client.next(GraphqlWsMessage.class, m -> m.type() == GraphqlWsType.CONNECTION_ACK, 5000);
      long firstPing = Await.until("the server's first ping", KEEP_ALIVE + 3000,
          () -> client.pingsReceived() > 0 ? System.nanoTime() : 0L, t -> t > 0);
      ProbeClient.Close close = client.closed().get(KEEP_ALIVE + 5000, TimeUnit.MILLISECONDS);
      assertEquals(1006, close.code(), "terminated: the TCP link closed without a close frame; " + close);
      long afterMs = TimeUnit.NANOSECONDS.toMillis(close.atNanos() - firstPing);
      assertTrue(afterMs < KEEP_ALIVE + 3000, "terminated " + afterMs + " ms after the unanswered ping");
      server.awaitCounts("the termination counted", 5000,
          n -> closes(n, "terminated") == closes(before, "terminated") + 1);
    }
  }

  /** Links the server closed with that code ("terminated": cut without a close frame). */
  private static long closes(JsonNode counts, Object code) {
    return counts.path("closedByServer").path(String.valueOf(code)).asLong();
  }

  private static String init(String token) {
    return GraphqlWsCodec.encode(GraphqlWsMessage.connectionInit(JsonNodeFactory.instance.objectNode().put("token", token)));
  }

  /** A probe with the graphql-transport-ws subprotocol; WebSocket pings answered by Netty, or dropped. */
  static ProbeClient open(boolean answerPings) throws Exception {
    return ProbeClient.open(server.wsUrl("/graphql"), new ProbeClient.Protocol(GraphqlWsCodec.SUBPROTOCOL,
        p -> p.addLast(new TextFrames()), m -> m instanceof String s ? GraphqlWsCodec.decode(s) : m, null), answerPings);
  }
}
