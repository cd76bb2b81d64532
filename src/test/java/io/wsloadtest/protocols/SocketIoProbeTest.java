package io.wsloadtest.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.netty.channel.Channel;
import io.wsloadtest.protocol.socketio.EngineIoCodec;
import io.wsloadtest.protocol.socketio.EnginePacket;
import io.wsloadtest.protocol.socketio.SocketIoPacket;
import io.wsloadtest.protocol.socketio.SocketIoType;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Socket.IO 4.8 reference server (src/test/node/socketio-server.mjs, pingInterval 1.5 s, pingTimeout 1 s) and
 * its own counts, probed with the Engine.IO/Socket.IO codec: each test joins, keeps alive or not, and reads what
 * the server counted. One server for the class; each test looks at its own socket's counts or at differences.
 */
class SocketIoProbeTest {

  static final long PING_INTERVAL = 1500;
  static final long PING_TIMEOUT = 1000;
  static ChildServer server;

  @BeforeAll
  static void start() throws Exception {
    server = ChildServer.node("socketio-server.mjs", "--ping-interval", "" + PING_INTERVAL, "--ping-timeout",
        "" + PING_TIMEOUT, "--connect-timeout", "3000", "--push-every", "300", "--token", "secret");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  /** Each test compares counts with those before it: the previous test's socket must be gone first. */
  @BeforeEach
  void noSessionLeftFromAnEarlierTest() throws InterruptedException {
    server.awaitCounts("no session left from an earlier test", 15_000,
        n -> n.get("engineClientsNow").asLong() == 0 && n.get("socketsNow").asLong() == 0);
  }

  @Test
  void theOpenPacketCarriesTheServersTimings_andJoiningIsCountedAsOneSession() throws Exception {
    JsonNode before = server.counts();
    AtomicInteger pings = new AtomicInteger();
    try (ProbeClient client = open(true, pings)) {
      EnginePacket.Open open = client.next(EnginePacket.Open.class, o -> true, 5000);
      assertEquals(PING_INTERVAL, open.pingIntervalMs());
      assertEquals(PING_TIMEOUT, open.pingTimeoutMs());
      SocketIoPacket joined = join(client, "/", "secret");
      assertEquals(SocketIoType.CONNECT, joined.type(), joined.toString());
      assertTrue(joined.data().hasNonNull("sid"), joined.toString());
      JsonNode c = server.awaitCounts("one more namespace connect", 5000,
          n -> n.get("namespaceConnects").asLong() == before.get("namespaceConnects").asLong() + 1);
      assertEquals(1, c.path("socketsNowByNamespace").path("/").asLong() - before.path("socketsNowByNamespace")
          .path("/").asLong(), c.toString());

      client.send(EngineIoCodec.encode(SocketIoPacket.disconnect("/")));
      server.awaitCounts("the client's 41 counted as \"client namespace disconnect\"", 5000,
          n -> n.path("disconnectsByReason").path("client namespace disconnect").asLong()
              == before.path("disconnectsByReason").path("client namespace disconnect").asLong() + 1);
    }
  }

  @Test
  void aWrongTokenIsRefusedByTheMiddlewareWith44_inAnyNamespace() throws Exception {
    JsonNode before = server.counts();
    try (ProbeClient client = open(true, new AtomicInteger())) {
      client.next(EnginePacket.Open.class, o -> true, 5000);
      SocketIoPacket refused = join(client, "/", "wrong");
      assertEquals(SocketIoType.CONNECT_ERROR, refused.type());
      assertEquals("unauthorized", refused.errorMessage());
      assertEquals("auth.token missing or wrong", refused.data().path("data").path("reason").asText());
      SocketIoPacket inChat = join(client, "/chat", null);
      assertEquals("/chat", inChat.namespace());
      assertEquals("unauthorized", inChat.errorMessage());
      JsonNode c = server.awaitCounts("two refusals", 5000,
          n -> n.get("refusedByMiddleware").asLong() == before.get("refusedByMiddleware").asLong() + 2);
      assertEquals(before.get("namespaceConnects").asLong(), c.get("namespaceConnects").asLong(), c.toString());
    }
  }

  @Test
  void answeredPings_keepTheSessionPastThreeIntervals_whilePushesAndAcksFlow() throws Exception {
    JsonNode before = server.counts();
    AtomicInteger pings = new AtomicInteger();
    try (ProbeClient client = open(true, pings)) {
      client.next(EnginePacket.Open.class, o -> true, 5000);
      String sid = join(client, "/chat", "secret").data().get("sid").asText();
      client.send(EngineIoCodec.encode(SocketIoPacket.event("/chat", 1L, "subscribe",
          JsonNodeFactory.instance.objectNode().put("channel", "ticks"))));
      SocketIoPacket subscribed = client.next(EnginePacket.Message.class,
          m -> m.packet().type() == SocketIoType.ACK && m.packet().ackId() == 1, 5000).packet();
      assertTrue(subscribed.data().get(0).path("subscribed").asBoolean(), subscribed.toString());

      Await.until("three pings answered", 4 * PING_INTERVAL + 3000, pings::get, n -> n >= 3);
      assertTrue(client.isOpen(), "still connected after three ping intervals: " + client.closed().getNow(null));

      client.send(EngineIoCodec.encode(SocketIoPacket.event("/chat", 7L, "echo",
          JsonNodeFactory.instance.textNode("hello"))));
      SocketIoPacket ack = client.next(EnginePacket.Message.class,
          m -> m.packet().type() == SocketIoType.ACK && m.packet().ackId() == 7, 5000).packet();
      assertEquals("hello", ack.data().get(0).asText());

      List<Long> seqs = client.all(EnginePacket.Message.class).stream().map(EnginePacket.Message::packet)
          .filter(p -> "push".equals(p.eventName())).map(p -> p.eventArgument().get("seq").asLong()).toList();
      assertTrue(seqs.size() >= 5, "pushes every 300 ms for 3 ping intervals: " + seqs);
      for (int i = 0; i < seqs.size(); i++) {
        assertEquals(i, seqs.get(i), "seq in order from 0, none missing: " + seqs);
      }
      JsonNode c = server.awaitCounts("the server counts what this socket received", 5000,
          n -> n.path("pushesBySocket").path(sid).asLong() >= seqs.size());
      assertEquals(countOf("ping timeout", before), countOf("ping timeout", c), "no ping timeout meanwhile: " + c);
    }
  }

  @Test
  void unansweredPings_getTheClientDroppedWithinPingTimeout_countedAsPingTimeout() throws Exception {
    JsonNode before = server.counts();
    AtomicInteger pings = new AtomicInteger();
    try (ProbeClient client = open(false, pings)) {
      client.next(EnginePacket.Open.class, o -> true, 5000);
      join(client, "/", "secret");
      long firstPing = Await.until("the server's first ping", PING_INTERVAL + 3000,
          () -> client.all(EnginePacket.Ping.class).isEmpty() ? 0L : System.nanoTime(), t -> t > 0);
      ProbeClient.Close close = client.closed().get(PING_TIMEOUT + 5000, TimeUnit.MILLISECONDS);
      long afterPingMs = TimeUnit.NANOSECONDS.toMillis(close.atNanos() - firstPing);
      // Engine.IO closes the transport: a close frame without a status code, which a client sees as 1005
      assertEquals(1005, close.code(), close.toString());
      assertTrue(afterPingMs < PING_TIMEOUT + 3000, "dropped " + afterPingMs + " ms after the unanswered ping");
      assertEquals(1, client.all(EnginePacket.Ping.class).size(), "dropped at the first unanswered ping");
      server.awaitCounts("the drop counted as \"ping timeout\"", 5000,
          n -> countOf("ping timeout", n) == countOf("ping timeout", before) + 1);
      assertFalse(client.isOpen());
    }
  }

  private static long countOf(String reason, JsonNode counts) {
    return counts.path("disconnectsByReason").path(reason).asLong();
  }

  /** Sends 40 with the token (or without auth) and returns the server's answer for that namespace: 40 or 44. */
  private static SocketIoPacket join(ProbeClient client, String namespace, String token) throws InterruptedException {
    client.send(EngineIoCodec.encode(SocketIoPacket.connect(namespace,
        token == null ? null : JsonNodeFactory.instance.objectNode().put("token", token))));
    return client.next(EnginePacket.Message.class, m -> m.packet().namespace().equals(namespace)
        && (m.packet().type() == SocketIoType.CONNECT || m.packet().type() == SocketIoType.CONNECT_ERROR), 5000)
        .packet();
  }

  /** A probe that decodes every frame as Engine.IO, and answers the server's pings with pongs if told to. */
  static ProbeClient open(boolean answerPings, AtomicInteger pings) throws Exception {
    return ProbeClient.open(server.wsUrl("/socket.io/?" + EngineIoCodec.WEBSOCKET_QUERY), new ProbeClient.Protocol(
        null, p -> p.addLast(new TextFrames()), m -> m instanceof String s ? EngineIoCodec.decode(s) : m,
        (m, ch) -> answer(m, ch, answerPings, pings)), true);
  }

  private static boolean answer(Object m, Channel ch, boolean answerPings, AtomicInteger pings) {
    if (m instanceof EnginePacket.Ping ping) {
      pings.incrementAndGet();
      if (answerPings) {
        ch.writeAndFlush(EngineIoCodec.encode(EnginePacket.pongFor(ping)));
        return true;
      }
    }
    return false;
  }
}
