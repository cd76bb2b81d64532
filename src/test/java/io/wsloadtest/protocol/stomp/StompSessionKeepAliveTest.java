package io.wsloadtest.protocol.stomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.wsloadtest.config.StompSettings;
import io.wsloadtest.protocol.Outcome;
import io.wsloadtest.protocol.ProtocolSession;
import io.wsloadtest.protocol.Sessions;
import io.wsloadtest.protocol.Told;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a STOMP session does on its own time, on a real event loop with the shared timing wheel (100 ms ticks):
 * its heart-beats, the watch on the broker's, and the deadlines of the accept, a heartbeat and a receipt. Silence is
 * judged by the test's clock, so a slow box does not change the verdicts, only how soon they come.
 */
class StompSessionKeepAliveTest {

  /** We can beat every 200 ms and want the broker's every 300 ms. */
  static final StompSettings SETTINGS = new StompSettings("/", "load", "secret", Duration.ofMillis(200),
      Duration.ofMillis(300), "/topic/ticks", "/queue/echo", Duration.ofSeconds(5));

  final AtomicLong clock = new AtomicLong(5_000);
  final List<String> told = new CopyOnWriteArrayList<>();
  final List<ProtocolSession.Dropped> drops = new CopyOnWriteArrayList<>();
  ProtocolSession session;
  LocalBroker broker;

  void start(boolean keepAlive) throws Exception {
    session = Sessions.create(SETTINGS, clock::get, keepAlive);
    broker = new LocalBroker(session, new ChannelInboundHandlerAdapter() {
      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ProtocolSession.Dropped d) {
          drops.add(d);
        }
      }
    });
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (broker != null) {
      broker.close();
    }
  }

  Outcome outcome(String what) {
    return Told.outcome(told, what);
  }

  /** CONNECT answered by CONNECTED with the broker's {@code heartBeat}. */
  void accepted(String heartBeat) throws Exception {
    broker.onLoop(() -> session.open(t -> t, 5_000, outcome("accept")));
    assertTrue(broker.next(5_000).startsWith("CONNECT\n"));
    broker.send("CONNECTED\nversion:1.2\nheart-beat:" + heartBeat + "\n\n\0");
    await("the accept", () -> told.contains("accept ok at 5000"));
  }

  static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not within 10 s");
      }
      Thread.sleep(10);
    }
  }

  @Test
  void noAnswerWithinTheAcceptTimeoutIsAnAcceptTimeout() throws Exception {
    start(true);
    broker.onLoop(() -> session.open(t -> t, 150, outcome("accept")));
    await("the accept deadline", () -> !told.isEmpty());
    assertEquals(List.of("accept failed: stomp accept timeout"), told);
  }

  @Test
  void ourHeartBeatsGoOutOnTheNegotiatedInterval() throws Exception {
    start(true);
    broker.onLoop(() -> session.open(t -> t, 5_000, outcome("accept")));
    assertTrue(broker.next(5_000).startsWith("CONNECT\n"));
    long start = System.nanoTime();
    broker.send("CONNECTED\nversion:1.2\nheart-beat:0,400\n\n\0"); // we beat every max(our 200, its 400)
    List<Long> beatsAtMs = new ArrayList<>();
    while (beatsAtMs.size() < 3) {
      String beat = broker.next(5_000);
      beatsAtMs.add((System.nanoTime() - start) / 1_000_000);
      assertEquals("\n", beat, "a heart-beat is one end-of-line");
    }
    // the wheel fires up to a tick late, never early; nothing in between
    assertTrue(beatsAtMs.get(0) >= 300 && beatsAtMs.get(2) >= 3 * 400 - 100, "beats at " + beatsAtMs + " ms");
  }

  @Test
  void aBrokerSilentForThreeOfItsIntervalsIsDropped_anyFrameOrBeatOfItsCounts() throws Exception {
    start(true);
    accepted("100,0"); // the broker beats every max(its 100, our 300) = 300 ms
    clock.set(5_800);
    broker.onLoop(() -> session.heartbeat(5_000, outcome("heartbeat")));
    broker.send("\n");
    await("the heart-beat received", () -> told.contains("heartbeat ok from 5300 at 5800"));
    clock.set(6_650); // 850 ms since the broker's last beat: less than three intervals
    long quiet = System.nanoTime() + 700_000_000L;
    await("a few of its intervals", () -> System.nanoTime() > quiet);
    assertTrue(broker.client.isActive(), "not silent for 900 ms yet: " + drops);
    clock.set(6_700);
    await("the drop", () -> !broker.client.isActive());
    assertEquals(List.of(new ProtocolSession.Dropped("keep-alive timeout", "nothing from the broker for 900 ms; it"
        + " beats every 300 ms as negotiated (ours heart-beat:200,300, its heart-beat:100,0)")), drops);
  }

  @Test
  void withKeepAliveOffNothingIsSent_andASilentBrokerIsNotDropped() throws Exception {
    start(false);
    accepted("100,100");
    clock.addAndGet(60_000);
    assertNull(broker.next(1_000), "no heart-beat of ours");
    assertTrue(broker.client.isActive());
    assertEquals(List.of(), drops);
  }

  @Test
  void aHeartbeatWithNothingFromTheBrokerWithinItsTimeoutFails_sayingWhatWasAgreed() throws Exception {
    start(true);
    accepted("100,0");
    broker.onLoop(() -> session.heartbeat(150, outcome("heartbeat")));
    await("the heartbeat deadline", () -> told.size() == 2);
    assertEquals("heartbeat failed: heart-beat timeout: nothing from the broker within 150 ms (it beats every 300 ms"
        + " as negotiated: ours heart-beat:200,300, its heart-beat:100,0)", told.get(1));
  }

  @Test
  void aReceiptThatDoesNotComeIsAReceiptTimeout() throws Exception {
    start(true);
    accepted("0,0");
    broker.onLoop(() -> session.request("hello", 150, outcome("request")));
    assertTrue(broker.next(5_000).startsWith("SEND\n"));
    await("the receipt deadline", () -> told.size() == 2);
    assertEquals("request failed: RECEIPT timeout", told.get(1));
  }

  @Test
  void goodbyeIsADisconnectWithAReceipt_andOurHeartBeatsEndWithIt() throws Exception {
    start(true);
    accepted("0,100"); // we beat every 200 ms
    assertEquals("\n", broker.next(5_000));
    broker.onLoop(() -> session.goodbye());
    String frame;
    do {
      frame = broker.next(5_000);
    } while ("\n".equals(frame)); // a beat on its way before the goodbye
    assertTrue(frame.startsWith("DISCONNECT\n") && frame.contains("receipt:disconnect-"), frame);
    assertNull(broker.next(800), "no heart-beat after DISCONNECT");
  }
}
