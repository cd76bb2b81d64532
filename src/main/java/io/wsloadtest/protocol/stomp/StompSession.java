package io.wsloadtest.protocol.stomp;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.stomp.StompFrame;
import io.netty.handler.codec.stomp.StompHeaders;
import io.netty.util.Timeout;
import io.wsloadtest.config.StompSettings;
import io.wsloadtest.protocol.Outcome;
import io.wsloadtest.protocol.PendingReplies;
import io.wsloadtest.protocol.ProtocolSession;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * One connection speaking STOMP 1.2: CONNECT (this user's login, passcode and heart-beat offer) until CONNECTED;
 * then heart-beats on the negotiated interval, and a broker silent for three of its intervals is dropped
 * ("keep-alive timeout"); a heartbeat awaits the broker's next heart-beat (or any frame: STOMP counts all data as
 * one); subscribe() is a SUBSCRIBE whose MESSAGE bodies are the pushes; a request is a SEND with a receipt, timed
 * to its RECEIPT; goodbye is DISCONNECT with a receipt. Every data frame is STOMP here and stops at the session.
 */
public final class StompSession extends ProtocolSession {

  /** A broker silent for this many of its intervals is taken for dead (what Spring's broker allows its clients). */
  static final int SILENT_INTERVALS = 3;
  private static final int MAX_FRAME_BYTES = 16 << 20;
  private static final String CONNECTED = "CONNECTED";
  /** The awaited next sign of life of the broker (a heartbeat). */
  private static final String NEXT_BEAT = "heart-beat";

  private final StompSettings settings;
  private final HeartBeatSetting offer;
  private PendingReplies<String> replies;
  private final Map<String, Pushes> subscriptions = new LinkedHashMap<>();
  private UnaryOperator<String> userValues = UnaryOperator.identity();
  private HeartBeatSetting.Negotiated agreed = new HeartBeatSetting.Negotiated(0, 0);
  private String brokerHeartBeat = "0,0";
  private long lastReceivedAt;
  private Timeout beats;
  private Timeout watch;
  private int nextId;
  private boolean accepted;
  /** How the connection ended, as far as the broker said (its ERROR, its close frame). */
  private String ending = "no close frame";

  public StompSession(StompSettings settings, LongSupplier clock) {
    super(clock);
    this.settings = settings;
    this.offer = new HeartBeatSetting(settings.heartBeatSend().toMillis(), settings.heartBeatReceive().toMillis());
  }

  @Override
  public String protocol() {
    return "stomp";
  }

  @Override
  protected ChannelHandler[] codecs() {
    return StompOverWebSocket.handlers(MAX_FRAME_BYTES);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    super.handlerAdded(ctx);
    replies = new PendingReplies<>(ctx.channel());
  }

  @Override
  public void open(UnaryOperator<String> userValues, long timeoutMillis, Outcome acceptedOutcome) {
    this.userValues = userValues;
    replies.await(CONNECTED, CONNECTED, timeoutMillis, new Outcome() {
      @Override
      public void ok(long atMillis) {
        accepted = true;
        lastReceivedAt = atMillis;
        keepAliveFromNowOn();
        acceptedOutcome.ok(atMillis);
      }

      @Override
      public void failed(String message) {
        acceptedOutcome.failed(message.equals(CONNECTED + " timeout") ? protocol() + " accept timeout" : message);
      }
    });
    send(StompFrames.connect(userValues.apply(settings.host()), orNull(userValues.apply(settings.login())),
        orNull(userValues.apply(settings.passcode())), offer));
  }

  /**
   * A heartbeat: the broker's next heart-beat, or any frame, within the timeout, timed from when the broker was due
   * to beat (its interval after the last frame heard): a broker on time is 0 ms, one that lags is late.
   */
  @Override
  public void heartbeat(long timeoutMillis, Outcome outcome) {
    long every = agreed.serverSendsEveryMs();
    if (every == 0) {
      outcome.failed(protocol() + " heartbeat: the broker sends no heart-beats (ours heart-beat:" + offer.header()
          + ", its heart-beat:" + brokerHeartBeat + "); set wsload.stomp.heart-beat.receive above 0");
      return;
    }
    long dueAt = lastReceivedAt + every; // the broker beats when it has been silent that long
    replies.await(NEXT_BEAT, NEXT_BEAT, timeoutMillis, new Outcome() {
      @Override
      public void ok(long atMillis) {
        outcome.ok(dueAt, atMillis);
      }

      @Override
      public void failed(String message) {
        outcome.failed(message.equals(NEXT_BEAT + " timeout") ? "heart-beat timeout: nothing from the broker within "
            + timeoutMillis + " ms (it beats every " + every + " ms as negotiated: ours heart-beat:" + offer.header()
            + ", its heart-beat:" + brokerHeartBeat + ")" : message);
      }
    });
  }

  @Override
  public void subscribe(UnaryOperator<String> userValues, long timeoutMillis, Pushes pushes, Outcome outcome) {
    String destination = userValues.apply(settings.destination());
    if (destination.isEmpty()) {
      outcome.failed(protocol() + ": nothing to subscribe to; set wsload.stomp.destination (e.g. /topic/ticks)");
      return;
    }
    String id = "sub-" + nextId++;
    subscriptions.put(id, pushes);
    send(StompFrames.subscribe(id, destination, null));
    // A receipt would confirm it, but Spring's simple broker answers none: the broker's ERROR, if any, comes later.
    outcome.ok(now());
  }

  /** A SEND of {@code payload} to wsload.stomp.send-destination with a receipt, answered by its RECEIPT. */
  @Override
  public boolean request(String payload, long timeoutMillis, Outcome outcome) {
    if (settings.sendDestination().isEmpty()) {
      return false;
    }
    String receipt = "send-" + nextId++;
    replies.await(receipt, "RECEIPT", timeoutMillis, outcome);
    send(StompFrames.send(userValues.apply(settings.sendDestination()), "text/plain;charset=UTF-8", payload, receipt));
    return true;
  }

  @Override
  public String requestName() {
    return settings.requestName().isEmpty() ? super.requestName() : settings.requestName();
  }

  /**
   * DISCONNECT with a receipt. Spring's broker answers it; RabbitMQ closes the link at once. Either way nothing
   * waits for it: the kit's close follows, and messages already on their way are still measured until the end.
   */
  @Override
  public void goodbye() {
    stopKeepAlive();
    send(StompFrames.disconnect("disconnect-" + nextId++));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof StompHeartBeat) {
      signOfLife(now());
      return;
    }
    if (msg instanceof StompFrame frame) {
      try {
        if (frame.decoderResult().isFailure()) {
          ctx.fireExceptionCaught(new DecoderException("malformed STOMP frame from the broker",
              frame.decoderResult().cause()));
          return;
        }
        long now = now();
        receive(frame, now);
        signOfLife(now);
      } finally {
        frame.release();
      }
      return;
    }
    if (msg instanceof CloseWebSocketFrame close) {
      String closing = "close " + close.statusCode() + (close.reasonText().isEmpty() ? "" : " " + close.reasonText());
      if (!accepted) {
        replies.fail(CONNECTED, protocol() + " refused: " + closing);
      }
      ending = ending.startsWith(protocol() + " ERROR") ? ending + ", then " + closing : closing;
    }
    ctx.fireChannelRead(msg);
  }

  private void receive(StompFrame frame, long now) {
    switch (frame.command()) {
      case CONNECTED -> connected(frame, now);
      case MESSAGE -> {
        Pushes p = subscriptions.get(StompFrames.header(frame, StompHeaders.SUBSCRIPTION));
        if (p != null) {
          p.push(StompFrames.body(frame), now);
        }
      }
      case RECEIPT -> replies.answer(StompFrames.header(frame, StompHeaders.RECEIPT_ID), now);
      case ERROR -> error(StompFrames.errorText(frame), StompFrames.header(frame, StompHeaders.RECEIPT_ID), now);
      default -> { } // the others are the client's frames: a broker does not send them
    }
  }

  private void connected(StompFrame frame, long now) {
    String header = StompFrames.header(frame, StompHeaders.HEART_BEAT);
    try {
      agreed = HeartBeatSetting.negotiate(offer, HeartBeatSetting.parse(header));
      brokerHeartBeat = header == null ? "0,0" : header;
      replies.answer(CONNECTED, now);
    } catch (IllegalArgumentException e) {
      replies.fail(CONNECTED, protocol() + " refused: CONNECTED with a malformed heart-beat: " + e.getMessage());
    }
  }

  /** STOMP 1.2: the broker closes the connection after an ERROR. Before CONNECTED it is a refusal. */
  private void error(String text, String receiptId, long now) {
    if (!accepted) {
      replies.fail(CONNECTED, protocol() + " refused: " + text);
      return;
    }
    ending = protocol() + " ERROR: " + text;
    if (receiptId != null) {
      replies.fail(receiptId, ending);
    }
    for (Pushes p : subscriptions.values()) {
      p.error(ending, now);
    }
    subscriptions.clear();
  }

  /** STOMP counts any data from the broker as a heart-beat. */
  private void signOfLife(long now) {
    lastReceivedAt = now;
    replies.answer(NEXT_BEAT, now);
  }

  /** After CONNECTED: our heart-beats on the agreed interval and a watch on the broker's; none with keep-alive off. */
  private void keepAliveFromNowOn() {
    if (!keepAlive()) {
      return;
    }
    if (agreed.clientSendsEveryMs() > 0) {
      beats = after(agreed.clientSendsEveryMs(), this::beat);
    }
    if (agreed.serverSendsEveryMs() > 0) {
      watch = after(agreed.serverSendsEveryMs(), this::checkBroker);
    }
  }

  private void beat() {
    if (beats != null && ctx().channel().isActive()) {
      send(StompHeartBeat.INSTANCE);
      beats = after(agreed.clientSendsEveryMs(), this::beat);
    }
  }

  private void checkBroker() {
    if (watch == null || !ctx().channel().isActive()) {
      return;
    }
    long every = agreed.serverSendsEveryMs();
    long silent = now() - lastReceivedAt;
    if (silent >= SILENT_INTERVALS * every) {
      stopKeepAlive();
      drop("keep-alive timeout", "nothing from the broker for " + silent + " ms; it beats every " + every
          + " ms as negotiated (ours heart-beat:" + offer.header() + ", its heart-beat:" + brokerHeartBeat + ")");
    } else {
      watch = after(every, this::checkBroker);
    }
  }

  private void stopKeepAlive() {
    if (beats != null) {
      beats.cancel();
      beats = null;
    }
    if (watch != null) {
      watch.cancel();
      watch = null;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    stopKeepAlive();
    replies.failAll(ending);
    ctx.fireChannelInactive();
  }

  private static String orNull(String value) {
    return value.isEmpty() ? null : value;
  }
}
