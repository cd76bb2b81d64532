package io.wsloadtest.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection watch in a pipeline of its own (Netty's EmbeddedChannel): pings and pongs, ends, messages. */
class ConnectionWatchTest {

  final AtomicLong clock = new AtomicLong(1_000);
  final EmbeddedChannel channel = new EmbeddedChannel();
  final ConnectionWatch watch = ConnectionWatch.on(channel, clock::get);
  final List<String> outcomes = new ArrayList<>();

  final ConnectionWatch.PingOutcome record = new ConnectionWatch.PingOutcome() {
    @Override
    public void pong(long atMillis) {
      outcomes.add("pong at " + atMillis);
    }

    @Override
    public void failed(String why) {
      outcomes.add(why);
    }
  };

  @AfterEach
  void release() {
    channel.finishAndReleaseAll();
  }

  /** The 8-byte id the ping frame carried. */
  long sentPingId() {
    PingWebSocketFrame ping = channel.readOutbound();
    try {
      assertEquals(Long.BYTES, ping.content().readableBytes());
      return ping.content().getLong(0);
    } finally {
      ping.release();
    }
  }

  static PongWebSocketFrame pong(long id) {
    return new PongWebSocketFrame(Unpooled.buffer(Long.BYTES).writeLong(id));
  }

  @Test
  void thePongWithThePingsIdAnswersItAtTheWatchsClock() {
    watch.ping(5_000, record);
    long id = sentPingId();
    clock.set(1_042);
    channel.writeInbound(pong(id + 1), new PongWebSocketFrame(Unpooled.wrappedBuffer(new byte[3])));
    assertEquals(List.of(), outcomes, "a pong of another id, or of another size, answers nothing");
    channel.writeInbound(pong(id));
    assertEquals(List.of("pong at 1042"), outcomes);
    assertEquals(0, watch.pendingPings());
    channel.writeInbound(pong(id));
    assertEquals(1, outcomes.size(), "a second pong of the same id answers nothing more");
  }

  @Test
  void noPongIsAPongTimeoutOnceOnTheConnectionsEventLoop() throws InterruptedException {
    watch.ping(50, record);
    sentPingId();
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (outcomes.isEmpty() && System.nanoTime() < deadline) {
      channel.runPendingTasks(); // the deadline fires on the timer's thread and hands over to the event loop
      Thread.sleep(10);
    }
    assertEquals(List.of("pong timeout"), outcomes);
    assertEquals(0, watch.pendingPings());
  }

  @Test
  void aConnectionThatEndsFailsItsPendingPingsWithHowItEnded() {
    watch.ping(5_000, record);
    watch.ping(5_000, record);
    channel.writeInbound(new CloseWebSocketFrame(1001, "going away"));
    assertTrue(watch.ended(), "a close frame ends the connection at once, before the channel closes");
    assertEquals(1_000, watch.endedAtMillis());
    channel.close();
    assertEquals(List.of("connection dropped while awaiting pong: close frame 1001 going away",
        "connection dropped while awaiting pong: close frame 1001 going away"), outcomes);
    assertEquals(DropCause.serverClose(1001), watch.dropCause());
  }

  @Test
  void withoutACloseFrameItIsAnAbnormalClose1006() {
    watch.ping(5_000, record);
    clock.set(2_000);
    channel.close();
    assertEquals(List.of("connection dropped while awaiting pong: no close frame"), outcomes);
    assertEquals(DropCause.ABNORMAL_CLOSE, watch.dropCause());
    assertEquals(2_000, watch.endedAtMillis());
  }

  @Test
  void aCloseFrameWithoutStatusIs1005NotAnAbnormal1006() {
    channel.writeInbound(new CloseWebSocketFrame(true, 0, Unpooled.EMPTY_BUFFER));
    assertTrue(watch.ended());
    assertEquals(DropCause.NO_STATUS_CLOSE, watch.dropCause());
    assertTrue(DropCause.isCause(watch.dropCause()));
  }

  @Test
  void aPingThatCannotBeSentFailsAtOnce() {
    channel.close();
    watch.ping(5_000, record);
    assertEquals(List.of("connection dropped: ping not sent"), outcomes);
  }

  @Test
  void countsDataMessagesAndPassesEveryFrameOnUntouched() {
    TextWebSocketFrame text = new TextWebSocketFrame("hello");
    BinaryWebSocketFrame binary = new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2}));
    PongWebSocketFrame unsolicited = pong(99);
    channel.writeInbound(text, binary, unsolicited);
    assertEquals(2, watch.dataMessages());
    assertSame(text, channel.readInbound());
    assertSame(binary, channel.readInbound());
    assertSame(unsolicited, channel.readInbound());
    assertEquals(1, text.refCnt(), "not released: Gatling's handler releases it");
    text.release();
    binary.release();
    unsolicited.release();
  }

  @Test
  void anExchangeCountsTheMessagesThatArrivedDuringIt() {
    channel.writeInbound(new TextWebSocketFrame("before"));
    watch.beginExchange(true);
    channel.writeInbound(new TextWebSocketFrame("push"), new TextWebSocketFrame("reply"));
    assertEquals(2, watch.endExchange());
    assertTrue(watch.failedBeforeExchange());
    assertEquals(-1, watch.endExchange(), "ended: no exchange under way");
    channel.releaseInbound();
  }

  @Test
  void aCallbackThatThrowsStillPassesTheFrameOn() {
    watch.ping(5_000, new ConnectionWatch.PingOutcome() {
      @Override
      public void pong(long atMillis) {
        throw new IllegalStateException("a bug in the step");
      }

      @Override
      public void failed(String why) {}
    });
    PongWebSocketFrame pong = pong(sentPingId());
    try {
      channel.writeInbound(pong);
    } catch (IllegalStateException expected) {
      // EmbeddedChannel rethrows what the pipeline reported
    }
    assertSame(pong, channel.readInbound(), "Gatling's handler still gets the frame, and releases it");
    pong.release();
  }
}
