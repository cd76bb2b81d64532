package io.wsloadtest.ws;

import io.gatling.javaapi.core.Session;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.wsloadtest.gatling.GatlingInternals;
import io.wsloadtest.gatling.GatlingInternals.JavaAction;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures server pushes on one connection, from inside Gatling's pipeline (Gatling has no "receive every
 * message" step): each text message {@code {"seq":<long>,"ts":<epoch ms>,...}} is one OK "push" record whose
 * response time is its delivery latency (receive time - ts, same host clock); a sequence number that skips
 * ahead is one KO "push gap", one that repeats or goes back one KO "push duplicate". Other messages pass
 * untouched; every frame goes on to Gatling's handler.
 */
public final class PushMeter extends ChannelInboundHandlerAdapter {

  private static final String NAME = "wsload-push-meter";
  private static final Pattern SEQ = Pattern.compile("\"seq\"\\s*:\\s*(\\d+)");
  private static final Pattern TS = Pattern.compile("\"ts\"\\s*:\\s*(\\d+)");

  /** Counted by this JVM's meters, for the per-user rate printed at the end. */
  private static final LongAdder PUSHES = new LongAdder();
  private static final LongAdder GAPS = new LongAdder();
  private static final LongAdder DUPLICATES = new LongAdder();
  /** Time between consecutive pushes on one connection, summed, and how many such intervals. */
  private static final LongAdder ACTIVE_MILLIS = new LongAdder();
  private static final LongAdder INTERVALS = new LongAdder();

  private final GatlingInternals.Recorder recorder;
  private long lastSeq = -1;
  private long lastAt;

  private PushMeter(GatlingInternals.Recorder recorder) {
    this.recorder = recorder;
  }

  /** In onConnected: start metering the user's new connection. */
  public static io.gatling.javaapi.core.ActionBuilder listen() {
    return GatlingInternals.action(ctx -> new JavaAction("pushListen", ctx) {
      @Override
      protected void run(Session session) {
        GatlingInternals.Socket socket = GatlingInternals.socket(session, GatlingInternals.DEFAULT_WS_NAME);
        if (socket.open() && socket.channel().pipeline().get(NAME) == null) {
          ChannelPipeline p = socket.channel().pipeline();
          PushMeter meter = new PushMeter(recorder(session));
          if (p.get(GatlingInternals.GATLING_WS_HANDLER) != null) {
            p.addBefore(GatlingInternals.GATLING_WS_HANDLER, NAME, meter);
          } else {
            p.addLast(NAME, meter);
          }
        }
        next(session);
      }
    });
  }

  /** "push: 12,000 messages, 10.0 messages/s per user, gaps 0, duplicates 0": what this JVM's meters saw. */
  /** A JVM may run several simulations (a shard's warm-up, then its run): each counts from zero. */
  public static void reset() {
    for (LongAdder a : List.of(PUSHES, GAPS, DUPLICATES, ACTIVE_MILLIS, INTERVALS)) {
      a.reset();
    }
  }

  public static String summary() {
    double seconds = ACTIVE_MILLIS.sum() / 1000.0;
    return String.format("push: %,d messages, %.1f messages/s per user, gaps %d, duplicates %d%n", PUSHES.sum(),
        seconds == 0 ? 0 : INTERVALS.sum() / seconds, GAPS.sum(), DUPLICATES.sum());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof TextWebSocketFrame frame) {
      measure(frame.text(), System.currentTimeMillis());
    }
    ctx.fireChannelRead(msg);
  }

  private void measure(String text, long now) {
    Matcher seq = SEQ.matcher(text);
    Matcher ts = TS.matcher(text);
    if (!seq.find() || !ts.find()) {
      return; // not a push (e.g. a subscribe ack)
    }
    long n = Long.parseLong(seq.group(1));
    long sent = Long.parseLong(ts.group(1));
    if (lastSeq >= 0 && n <= lastSeq) {
      DUPLICATES.increment();
      log(Requests.PUSH_DUPLICATE, now, now, false, "seq " + (n == lastSeq ? "repeated" : "went back"));
      return;
    }
    if (lastSeq >= 0 && n > lastSeq + 1) {
      GAPS.increment();
      log(Requests.PUSH_GAP, now, now, false, "seq skipped ahead");
    }
    if (lastSeq >= 0) {
      ACTIVE_MILLIS.add(now - lastAt);
      INTERVALS.increment();
    }
    lastSeq = n;
    lastAt = now;
    PUSHES.increment();
    log(Requests.PUSH, Math.min(sent, now), now, true, null);
  }

  private void log(String request, long start, long end, boolean ok, String message) {
    recorder.record(request, start, end, ok, message);
  }
}
