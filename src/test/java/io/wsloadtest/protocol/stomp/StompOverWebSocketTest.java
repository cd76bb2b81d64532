package io.wsloadtest.protocol.stomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.stomp.StompCommand;
import io.netty.handler.codec.stomp.StompFrame;
import io.netty.handler.codec.stomp.StompHeaders;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StompOverWebSocketTest {

  private final EmbeddedChannel channel = new EmbeddedChannel();

  {
    StompOverWebSocket.addTo(channel.pipeline(), 65_536);
  }

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  @Test
  void connectGoesOutAsOneTextFrameEndingInNul() {
    channel.writeOutbound(StompFrames.connect("/", "guest", "guest", new HeartBeatSetting(1000, 2000)));
    String text = outboundText();
    assertTrue(text.startsWith("CONNECT\n"), text);
    assertTrue(text.contains("accept-version:1.2\n") && text.contains("host:/\n") && text.contains("login:guest\n")
        && text.contains("passcode:guest\n") && text.contains("heart-beat:1000,2000\n"), text);
    assertTrue(text.endsWith("\n\n\0"), text);
    assertNull(channel.readOutbound());
  }

  @Test
  void sendCarriesItsBodyAndReceipt() {
    channel.writeOutbound(StompFrames.send("/topic/x", "application/json", "{\"seq\":1}", "r-1"));
    String text = outboundText();
    assertTrue(text.startsWith("SEND\n") && text.contains("destination:/topic/x\n") && text.contains("receipt:r-1\n")
        && text.contains("content-length:9\n"), text);
    assertTrue(text.endsWith("\n\n{\"seq\":1}\0"), text);
  }

  @Test
  void aHeartBeatIsOneEndOfLine_bothWays() {
    channel.writeOutbound(StompHeartBeat.INSTANCE);
    assertEquals("\n", outboundText());
    channel.writeInbound(new TextWebSocketFrame("\n"));
    assertSame(StompHeartBeat.INSTANCE, channel.readInbound());
    channel.writeInbound(new TextWebSocketFrame("\r\n"));
    assertSame(StompHeartBeat.INSTANCE, channel.readInbound());
  }

  @Test
  void connectedMessageReceiptAndError_decoded() {
    channel.writeInbound(new TextWebSocketFrame("CONNECTED\nversion:1.2\nheart-beat:0,5000\nserver:RabbitMQ/3.10.8\n\n\0"));
    StompFrame connected = channel.readInbound();
    assertEquals(StompCommand.CONNECTED, connected.command());
    assertEquals(new HeartBeatSetting(0, 5000), StompFrames.heartBeat(connected));
    connected.release();

    channel.writeInbound(new TextWebSocketFrame("MESSAGE\nsubscription:s1\ndestination:/topic/t\nmessage-id:m-1\n"
        + "content-length:20\n\n{\"seq\":3,\"ts\":17000}\0"));
    StompFrame message = channel.readInbound();
    assertEquals(StompCommand.MESSAGE, message.command());
    assertEquals("s1", StompFrames.header(message, StompHeaders.SUBSCRIPTION));
    assertEquals("{\"seq\":3,\"ts\":17000}", StompFrames.body(message));
    message.release();

    channel.writeInbound(new TextWebSocketFrame("RECEIPT\nreceipt-id:r-9\n\n\0"));
    StompFrame receipt = channel.readInbound();
    assertEquals("r-9", StompFrames.header(receipt, StompHeaders.RECEIPT_ID));
    receipt.release();

    channel.writeInbound(new TextWebSocketFrame("ERROR\nmessage:Access refused for user 'nope'\n"
        + "content-type:text/plain\n\nLogin or passcode not accepted\0"));
    StompFrame error = channel.readInbound();
    assertEquals(StompCommand.ERROR, error.command());
    assertEquals("Access refused for user 'nope': Login or passcode not accepted", StompFrames.errorText(error));
    error.release();
  }

  @Test
  void aFrameWithTrailingEndOfLinesIsAFrame_andTheNextFrameStillDecodes() {
    channel.writeInbound(new TextWebSocketFrame("RECEIPT\nreceipt-id:a\n\n\0\n"));
    StompFrame first = channel.readInbound();
    assertEquals("a", StompFrames.header(first, StompHeaders.RECEIPT_ID));
    first.release();
    channel.writeInbound(new TextWebSocketFrame("RECEIPT\nreceipt-id:b\n\n\0"));
    StompFrame second = channel.readInbound();
    assertEquals("b", StompFrames.header(second, StompHeaders.RECEIPT_ID));
    second.release();
  }

  @Test
  void heartBeatNegotiation_asStomp12Says() {
    // client can send every 1000 ms and wants one every 2000; the server can send every 3000 and wants 500
    HeartBeatSetting.Negotiated n = HeartBeatSetting.negotiate(new HeartBeatSetting(1000, 2000),
        new HeartBeatSetting(3000, 500));
    assertEquals(new HeartBeatSetting.Negotiated(1000, 3000), n);
    // either side's 0 switches that direction off
    assertEquals(new HeartBeatSetting.Negotiated(0, 10000),
        HeartBeatSetting.negotiate(new HeartBeatSetting(0, 10000), new HeartBeatSetting(10000, 10000)));
    assertEquals(new HeartBeatSetting.Negotiated(0, 0),
        HeartBeatSetting.negotiate(new HeartBeatSetting(5000, 5000), HeartBeatSetting.parse(null)));
    assertEquals(new HeartBeatSetting(10000, 0), HeartBeatSetting.parse(" 10000, 0"));
    assertEquals("heart-beat header '1000' is not 'sendMs,receiveMs'",
        assertThrows(IllegalArgumentException.class, () -> HeartBeatSetting.parse("1000")).getMessage());
    assertEquals("heart-beat header 'a,b' is not 'sendMs,receiveMs'",
        assertThrows(IllegalArgumentException.class, () -> HeartBeatSetting.parse("a,b")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> HeartBeatSetting.parse("-1,0"));
  }

  @Test
  void disconnectAndSubscribe() {
    channel.writeOutbound(StompFrames.subscribe("sub-0", "/topic/ticks", null));
    String subscribe = outboundText();
    assertTrue(subscribe.startsWith("SUBSCRIBE\n") && subscribe.contains("id:sub-0\n")
        && subscribe.contains("destination:/topic/ticks\n") && subscribe.contains("ack:auto\n"), subscribe);
    channel.writeOutbound(StompFrames.disconnect("bye"));
    assertEquals("DISCONNECT\nreceipt:bye\n\n\0", outboundText());
  }

  private String outboundText() {
    TextWebSocketFrame frame = assertInstanceOf(TextWebSocketFrame.class, channel.readOutbound());
    try {
      return frame.content().toString(StandardCharsets.UTF_8);
    } finally {
      frame.release();
    }
  }
}
