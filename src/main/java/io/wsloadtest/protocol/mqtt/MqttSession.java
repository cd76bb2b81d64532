package io.wsloadtest.protocol.mqtt;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.Timeout;
import io.wsloadtest.config.MqttSettings;
import io.wsloadtest.protocol.Outcome;
import io.wsloadtest.protocol.PendingReplies;
import io.wsloadtest.protocol.ProtocolSession;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * One connection speaking MQTT over WebSocket: CONNECT (this user's client id, user name and password) until the
 * broker's CONNACK accepts it, or refuses it with its code; a PINGREQ every keepAlive, and a drop when its PINGRESP
 * has not come by the next; a heartbeat is a PINGREQ timed to its PINGRESP; subscribe() is SUBSCRIBE until its SUBACK,
 * then each PUBLISH on a matching topic is a push (QoS 1 ones acknowledged with PUBACK); a request is a QoS 1
 * PUBLISH timed to its PUBACK; goodbye is DISCONNECT, after which the broker's close is awaited. MQTT packets stop
 * here; WebSocket control frames go on.
 */
public final class MqttSession extends ProtocolSession {

  /** Larger packets end the connection: a load-test client has no use for them. */
  static final int MAX_PACKET_BYTES = 1 << 20;
  private static final String CONNACK = "CONNACK";
  /** Client ids unique across connections, and across the injector JVMs of one run: MQTT 3.1.1's 23 characters. */
  private static final String JVM_ID =
      Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
  private static final AtomicLong CONNECTIONS = new AtomicLong();

  private record Subscription(String filter, Pushes pushes) {}

  private final MqttSettings settings;
  /** CONNACK (key CONNACK), and the SUBACKs and PUBACKs awaited, by packet id. */
  private PendingReplies<Object> replies;
  /** Heartbeats awaiting their PINGRESP, by PINGREQ number. */
  private PendingReplies<Long> pings;
  private final List<Subscription> subscriptions = new ArrayList<>();
  private String requestTopic;
  private int lastPacketId;
  /** PINGREQs sent and PINGRESPs received so far: the broker answers them in order. */
  private long pingreqs;
  private long pingresps;
  /** The number of the keep-alive's own PINGREQ still unanswered, or -1. */
  private long ownPingreq = -1;
  private Timeout keepAliveTick;
  private boolean accepted;
  private boolean saidGoodbye;
  private Farewell farewell;
  private Timeout farewellDeadline;
  private boolean closeFrameSeen;

  public MqttSession(MqttSettings settings, LongSupplier clock) {
    super(clock);
    this.settings = settings;
  }

  @Override
  public String protocol() {
    return "mqtt";
  }

  @Override
  public String requestName() {
    return settings.requestName();
  }

  @Override
  protected ChannelHandler[] codecs() {
    return new ChannelHandler[] {new MqttWebSocketFrames(), new MqttDecoder(MAX_PACKET_BYTES), MqttEncoder.INSTANCE};
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    super.handlerAdded(ctx);
    replies = new PendingReplies<>(ctx.channel());
    pings = new PendingReplies<>(ctx.channel());
  }

  @Override
  public void open(UnaryOperator<String> userValues, long timeoutMillis, Outcome acceptedOutcome) {
    replies.await(CONNACK, CONNACK, timeoutMillis, new Outcome() {
      @Override
      public void ok(long atMillis) {
        accepted = true;
        startKeepAlive();
        acceptedOutcome.ok(atMillis);
      }

      @Override
      public void failed(String message) {
        acceptedOutcome.failed(message.equals(CONNACK + " timeout") ? protocol() + " accept timeout"
            : message.startsWith(protocol() + " refused") ? message : protocol() + " refused: " + message);
      }
    });
    requestTopic = userValues.apply(settings.requestTopic());
    String clientId = settings.clientId().isEmpty()
        ? "wsload" + JVM_ID + Long.toString(CONNECTIONS.incrementAndGet(), 36) : userValues.apply(settings.clientId());
    send(MqttPackets.connect(settings.version().equals("5") ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1, clientId,
        settings.keepAliveSeconds(), orNull(userValues.apply(settings.username())),
        orNull(userValues.apply(settings.password()))));
  }

  @Override
  public void heartbeat(long timeoutMillis, Outcome outcome) {
    pings.await(pingreqs++, "PINGRESP", timeoutMillis, outcome);
    send(MqttPackets.pingReq());
  }

  @Override
  public void subscribe(UnaryOperator<String> userValues, long timeoutMillis, Pushes pushes, Outcome outcome) {
    String filter = userValues.apply(settings.topic());
    subscriptions.add(new Subscription(filter, pushes));
    int id = nextPacketId();
    replies.await(id, "SUBACK", timeoutMillis, outcome);
    send(MqttPackets.subscribe(id, filter, MqttQoS.valueOf(settings.qos())));
  }

  @Override
  public boolean request(String payload, long timeoutMillis, Outcome outcome) {
    int id = nextPacketId();
    replies.await(id, "PUBACK", timeoutMillis, outcome);
    send(MqttPackets.publish(requestTopic, MqttQoS.AT_LEAST_ONCE, id, payload));
    return true;
  }

  @Override
  public void goodbye() {
    saidGoodbye = true; // MQTT 3.14.4: nothing more from the client after DISCONNECT, not even a PUBACK
    if (keepAliveTick != null) {
      keepAliveTick.cancel();
    }
    send(MqttPackets.disconnect());
  }

  /** The broker closes the connection after DISCONNECT: its messages already on the way arrive meanwhile. */
  @Override
  public void goodbye(long timeoutMillis, Farewell then) {
    goodbye();
    farewell = then;
    farewellDeadline = after(timeoutMillis, () -> {
      Farewell f = farewell;
      farewell = null;
      if (f != null) {
        f.clientCloses();
      }
    });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof MqttMessage m) {
      try {
        receive(m);
      } finally {
        ReferenceCountUtil.release(msg);
      }
      return;
    }
    if (msg instanceof CloseWebSocketFrame) {
      closeFrameSeen = true;
    }
    if (msg instanceof CloseWebSocketFrame close && !accepted) {
      replies.fail(CONNACK, protocol() + " refused: close " + (close.statusCode() < 0 ? 1005 : close.statusCode())
          + (close.reasonText().isEmpty() ? "" : " " + close.reasonText()));
    }
    ctx.fireChannelRead(msg);
  }

  private void receive(MqttMessage m) {
    long now = now();
    if (m.decoderResult().isFailure()) {
      String why = "malformed packet from the broker: " + m.decoderResult().cause().getMessage();
      if (!replies.fail(CONNACK, protocol() + " refused: " + why)) {
        drop(protocol() + " server disconnect", why);
      }
      return;
    }
    switch (m.fixedHeader().messageType()) {
      case CONNACK -> {
        String verdict = MqttPackets.verdict((MqttConnAckMessage) m);
        if (verdict.equals("accepted")) {
          replies.answer(CONNACK, now);
        } else {
          replies.fail(CONNACK, protocol() + " refused: CONNACK " + verdict.replaceFirst("^refused ", ""));
        }
      }
      case PINGRESP -> {
        long n = pingresps++;
        if (n >= ownPingreq) {
          ownPingreq = -1;
        }
        pings.answer(n, now);
      }
      case PUBLISH -> publish((MqttPublishMessage) m, now);
      case SUBACK -> {
        int id = MqttPackets.messageId(m);
        List<Integer> codes = ((MqttSubAckMessage) m).payload().reasonCodes();
        if (codes.stream().anyMatch(c -> c >= 0x80)) {
          replies.fail(id, protocol() + " subscribe refused: SUBACK " + hex(codes));
        } else {
          replies.answer(id, now);
        }
      }
      case PUBACK -> {
        int id = MqttPackets.messageId(m);
        // MQTT 5 reason codes from 0x80 (a negative byte) are failures
        if (m.variableHeader() instanceof MqttPubReplyMessageVariableHeader reply && reply.reasonCode() < 0) {
          replies.fail(id, protocol() + " publish refused: PUBACK " + hex(List.of(reply.reasonCode() & 0xff)));
        } else {
          replies.answer(id, now);
        }
      }
      case DISCONNECT -> { // MQTT 5: the broker says why it ends the session
        String reason = m.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h
            ? " " + hex(List.of(h.reasonCode() & 0xff)) : "";
        drop(protocol() + " server disconnect", "DISCONNECT from the broker" + reason);
      }
      default -> { } // packets a broker does not send to a QoS 0/1 subscriber
    }
  }

  private void publish(MqttPublishMessage p, long now) {
    if (p.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE && !saidGoodbye) {
      send(MqttPackets.pubAck(p.variableHeader().packetId()));
    }
    String topic = p.variableHeader().topicName();
    String payload = null;
    for (Subscription s : subscriptions) {
      if (TopicFilter.matches(s.filter(), topic)) {
        payload = payload == null ? MqttPackets.payload(p) : payload;
        s.pushes().push(payload, now);
      }
    }
  }

  /** A PINGREQ every keepAlive; one whose PINGRESP has not come by the next means the broker went quiet. */
  private void startKeepAlive() {
    if (settings.keepAliveSeconds() > 0 && keepAlive()) {
      keepAliveTick = after(settings.keepAliveSeconds() * 1000L, this::keepAliveTick);
    }
  }

  private void keepAliveTick() {
    if (!ctx().channel().isActive()) {
      return;
    }
    if (ownPingreq >= 0) {
      drop("keep-alive timeout", "no PINGRESP within keepAlive (" + settings.keepAliveSeconds() + " s)");
      return;
    }
    ownPingreq = pingreqs++;
    send(MqttPackets.pingReq());
    keepAliveTick = after(settings.keepAliveSeconds() * 1000L, this::keepAliveTick);
  }

  /** Packet ids 1..65535, shared by SUBSCRIBE and PUBLISH as MQTT has it. */
  private int nextPacketId() {
    lastPacketId = lastPacketId % 65_535 + 1;
    return lastPacketId;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (keepAliveTick != null) {
      keepAliveTick.cancel();
    }
    replies.failAll("no close frame");
    pings.failAll("no close frame");
    if (saidGoodbye && !closeFrameSeen) {
      // After DISCONNECT the broker closes the network connection (MQTT 3.1.1 3.14.4), often before its WebSocket
      // answers the client's close frame: that is MQTT's orderly end, told onwards as the close it stands for.
      ctx.fireChannelRead(new CloseWebSocketFrame(1000, "DISCONNECT"));
    }
    ctx.fireChannelInactive();
    if (farewell != null) {
      farewellDeadline.cancel();
      Farewell f = farewell;
      farewell = null;
      f.closedByServer(now());
    }
  }

  private static String orNull(String s) {
    return s.isEmpty() ? null : s;
  }

  private static String hex(List<Integer> codes) {
    return String.join(",", codes.stream().map(c -> String.format("0x%02x", c)).toList());
  }
}
