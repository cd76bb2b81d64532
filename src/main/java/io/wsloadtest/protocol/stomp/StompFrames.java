package io.wsloadtest.protocol.stomp;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.stomp.DefaultStompFrame;
import io.netty.handler.codec.stomp.StompCommand;
import io.netty.handler.codec.stomp.StompFrame;
import io.netty.handler.codec.stomp.StompHeaders;
import java.nio.charset.StandardCharsets;

/** The STOMP 1.2 frames a load-test client sends, and what it reads from the ones it receives. */
public final class StompFrames {

  private StompFrames() {}

  /** CONNECT with accept-version 1.2, the virtual host, optional login/passcode (null: none) and heart-beat. */
  public static StompFrame connect(String host, String login, String passcode, HeartBeatSetting heartBeat) {
    StompFrame frame = new DefaultStompFrame(StompCommand.CONNECT);
    frame.headers().set(StompHeaders.ACCEPT_VERSION, "1.2").set(StompHeaders.HOST, host)
        .set(StompHeaders.HEART_BEAT, heartBeat.header());
    if (login != null) {
      frame.headers().set(StompHeaders.LOGIN, login);
    }
    if (passcode != null) {
      frame.headers().set(StompHeaders.PASSCODE, passcode);
    }
    return frame;
  }

  /** SUBSCRIBE with ack:auto; a receipt id (or null) asks the server to confirm it. */
  public static StompFrame subscribe(String id, String destination, String receipt) {
    StompFrame frame = new DefaultStompFrame(StompCommand.SUBSCRIBE);
    frame.headers().set(StompHeaders.ID, id).set(StompHeaders.DESTINATION, destination)
        .set(StompHeaders.ACK, "auto");
    return withReceipt(frame, receipt);
  }

  public static StompFrame unsubscribe(String id) {
    StompFrame frame = new DefaultStompFrame(StompCommand.UNSUBSCRIBE);
    frame.headers().set(StompHeaders.ID, id);
    return frame;
  }

  /** SEND of a UTF-8 body with its content-type; a receipt id (or null) makes it a timed request/reply. */
  public static StompFrame send(String destination, String contentType, String body, String receipt) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    StompFrame frame = new DefaultStompFrame(StompCommand.SEND, Unpooled.wrappedBuffer(bytes));
    frame.headers().set(StompHeaders.DESTINATION, destination).set(StompHeaders.CONTENT_TYPE, contentType)
        .setInt(StompHeaders.CONTENT_LENGTH, bytes.length);
    return withReceipt(frame, receipt);
  }

  /** DISCONNECT; with a receipt the server's RECEIPT tells that everything before it was processed. */
  public static StompFrame disconnect(String receipt) {
    return withReceipt(new DefaultStompFrame(StompCommand.DISCONNECT), receipt);
  }

  /** The heart-beat of a CONNECTED frame (0,0 when it has none). */
  public static HeartBeatSetting heartBeat(StompFrame frame) {
    return HeartBeatSetting.parse(header(frame, StompHeaders.HEART_BEAT));
  }

  /** The body as UTF-8 text. */
  public static String body(StompFrame frame) {
    return frame.content().toString(StandardCharsets.UTF_8);
  }

  /**
   * What an ERROR frame says: its {@code message} header, then its body when there is one, as the broker wrote
   * them (a broker puts the short reason in the header and details in the body).
   */
  public static String errorText(StompFrame frame) {
    String message = header(frame, StompHeaders.MESSAGE);
    String body = body(frame).strip();
    if (message == null) {
      return body;
    }
    return body.isEmpty() ? message : message + ": " + body;
  }

  public static String header(StompFrame frame, CharSequence name) {
    CharSequence value = frame.headers().get(name);
    return value == null ? null : value.toString();
  }

  private static StompFrame withReceipt(StompFrame frame, String receipt) {
    if (receipt != null) {
      frame.headers().set(StompHeaders.RECEIPT, receipt);
    }
    return frame;
  }
}
