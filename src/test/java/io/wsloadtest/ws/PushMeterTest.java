package io.wsloadtest.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The push meter in a pipeline of its own: latency from ts, gaps and duplicates by seq, nothing else touched. */
class PushMeterTest {

  final AtomicLong clock = new AtomicLong(10_000);
  final List<String> records = new ArrayList<>();
  final EmbeddedChannel channel = new EmbeddedChannel(new PushMeter(
      (request, start, end, ok, message) -> records.add(request + " " + (ok ? "OK" : "KO") + " " + (end - start) + " ms"
          + (message == null ? "" : " " + message)), clock::get));

  @AfterEach
  void release() {
    channel.finishAndReleaseAll();
  }

  void push(String text) {
    channel.writeInbound(new TextWebSocketFrame(text));
  }

  @Test
  void eachPushIsOneRecordWhoseTimeIsItsDeliveryLatency() {
    push("{\"seq\":0,\"ts\":9990,\"data\":\"x\"}");
    clock.set(10_100);
    push("{\"ts\": 10080, \"seq\": 1}");
    assertEquals(List.of("push OK 10 ms", "push OK 20 ms"), records);
  }

  @Test
  void aSkippedSeqIsOneGapAndARepeatedOrEarlierOneADuplicate() {
    push("{\"seq\":5,\"ts\":10000}");
    push("{\"seq\":8,\"ts\":10000}");
    push("{\"seq\":8,\"ts\":10000}");
    push("{\"seq\":6,\"ts\":10000}");
    push("{\"seq\":9,\"ts\":10000}");
    assertEquals(List.of("push OK 0 ms", "push gap KO 0 ms seq skipped ahead", "push OK 0 ms",
        "push duplicate KO 0 ms seq repeated", "push duplicate KO 0 ms seq went back", "push OK 0 ms"), records);
  }

  @Test
  void aTsFromTheFutureIsZeroLatencyNotNegative() {
    push("{\"seq\":0,\"ts\":10500}");
    assertEquals(List.of("push OK 0 ms"), records);
  }

  @Test
  void otherMessagesAndUnreadableNumbersAreNotPushes_andEveryFrameGoesOn() {
    TextWebSocketFrame ack = new TextWebSocketFrame("{\"type\":\"subscribed\"}");
    TextWebSocketFrame huge = new TextWebSocketFrame("{\"seq\":123456789012345678901,\"ts\":10000}");
    BinaryWebSocketFrame binary = new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1}));
    channel.writeInbound(ack, huge, binary);
    assertEquals(List.of(), records);
    assertSame(ack, channel.readInbound());
    assertSame(huge, channel.readInbound());
    assertSame(binary, channel.readInbound());
    ack.release();
    huge.release();
    binary.release();
  }
}
