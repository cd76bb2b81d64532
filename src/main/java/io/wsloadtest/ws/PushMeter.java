package io.wsloadtest.ws;

import io.gatling.javaapi.core.Session;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.wsloadtest.gatling.GatlingInternals;
import io.wsloadtest.gatling.GatlingInternals.JavaAction;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures server pushes on one connection, from inside Gatling's pipeline (Gatling has no "receive every
 * message" step): each text message {@code {"seq":<long>,"ts":<epoch ms>,...}} is one OK "push" record whose
 * response time is its delivery latency (receive time - ts, same host clock); a sequence number that skips
 * ahead is one KO "push gap", one that repeats or goes back one KO "push duplicate". Other messages pass
 * untouched, and every frame goes on to Gatling's handler, whatever it holds.
 */
public final class PushMeter extends ChannelInboundHandlerAdapter {

  private static final String NAME = "wsload-push-meter";
  private static final Pattern SEQ = Pattern.compile("\"seq\"\\s*:\\s*(\\d{1,18})\\b");
  private static final Pattern TS = Pattern.compile("\"ts\"\\s*:\\s*(\\d{1,18})\\b");

  /** Counted by this JVM's meters, for the summary printed at the end of a run. */
  private static final LongAdder METERS = new LongAdder();
  private static final LongAdder PUSHES = new LongAdder();
  private static final LongAdder GAPS = new LongAdder();
  private static final LongAdder DUPLICATES = new LongAdder();
  /** Time between consecutive pushes on one connection, summed, and how many such intervals. */
  private static final LongAdder ACTIVE_MILLIS = new LongAdder();
  private static final LongAdder INTERVALS = new LongAdder();

  /** Where the meter writes its records: the user's, in Gatling's stats. */
  @FunctionalInterface
  interface Sink {
    void record(String request, long start, long end, boolean ok, String message);
  }

  private final Sink sink;
  private final LongSupplier clock;
  private long lastSeq = -1;
  private long lastAt;

  PushMeter(Sink sink, LongSupplier clock) {
    this.sink = sink;
    this.clock = clock;
    METERS.increment();
  }

  /** After every connect: meter the user's new connection. */
  public static io.gatling.javaapi.core.ActionBuilder listen() {
    return GatlingInternals.action(ctx -> new JavaAction("pushListen", ctx) {
      @Override
      protected void run(Session session) {
        GatlingInternals.Connection c = GatlingInternals.connection(session);
        if (c.open() && c.channel().pipeline().get(NAME) == null) {
          GatlingInternals.Recorder recorder = recorder(session);
          ConnectionWatch.addBeforeGatling(c.channel().pipeline(), NAME, new PushMeter(recorder::record, this::now));
        }
        next(session);
      }
    });
  }

  /** A JVM may run several simulations (a shard's warm-up, then its run): each counts from zero. */
  public static void reset() {
    for (LongAdder a : List.of(METERS, PUSHES, GAPS, DUPLICATES, ACTIVE_MILLIS, INTERVALS)) {
      a.reset();
    }
  }

  /** "push: 12,000 messages, 10.0 messages/s per user, gaps 0, duplicates 0", or null when nothing was metered. */
  public static String summary() {
    if (METERS.sum() == 0) {
      return null;
    }
    double seconds = ACTIVE_MILLIS.sum() / 1000.0;
    return String.format("push: %,d messages, %.1f messages/s per user, gaps %d, duplicates %d%n", PUSHES.sum(),
        seconds == 0 ? 0 : INTERVALS.sum() / seconds, GAPS.sum(), DUPLICATES.sum());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof TextWebSocketFrame frame) {
        measure(frame.text(), clock.getAsLong());
      }
    } finally {
      ctx.fireChannelRead(msg);
    }
  }

  /** One text received at {@code now}: a push (with its records), or not a push at all. */
  void measure(String text, long now) {
    Matcher seq = SEQ.matcher(text);
    Matcher ts = TS.matcher(text);
    if (!seq.find() || !ts.find()) {
      return; // not a push (e.g. a subscribe ack), or numbers no push carries
    }
    long n = Long.parseLong(seq.group(1));
    long sent = Long.parseLong(ts.group(1));
    if (lastSeq >= 0 && n <= lastSeq) {
      DUPLICATES.increment();
      sink.record(Requests.PUSH_DUPLICATE, now, now, false, "seq " + (n == lastSeq ? "repeated" : "went back"));
      return;
    }
    if (lastSeq >= 0 && n > lastSeq + 1) {
      GAPS.increment();
      sink.record(Requests.PUSH_GAP, now, now, false, "seq skipped ahead");
    }
    if (lastSeq >= 0) {
      ACTIVE_MILLIS.add(now - lastAt);
      INTERVALS.increment();
    }
    lastSeq = n;
    lastAt = now;
    PUSHES.increment();
    sink.record(Requests.PUSH, Math.min(sent, now), now, true, null);
  }
}
