package io.wsloadtest.ws;

import io.gatling.javaapi.core.Session;
import io.netty.util.concurrent.ScheduledFuture;
import io.wsloadtest.config.Heartbeat;
import io.wsloadtest.gatling.GatlingInternals;
import io.wsloadtest.gatling.GatlingInternals.JavaAction;
import java.util.concurrent.TimeUnit;

/**
 * Ping heartbeats on one connection until the end of the user's hold, beaten from the connection's event loop
 * rather than as a loop of Gatling actions: the user waits in this one step while each beat sends its ping,
 * writes its records directly ("heartbeat", and "heartbeat (from schedule)" for the due times it stands for, as
 * {@link Schedule} says) and waits for the next due time on the event loop's timer. A beat costs a ping, a pong
 * and two records instead of a dozen actions with their session copies: at 100k connections that is most of the
 * injectors' CPU in a hold.
 *
 * <p>The step hands the session on once: at the end of the hold (after a ping in flight is answered), when the
 * connection ends (the next step records the drop with its cause, at once rather than at the next beat), or when
 * {@code deadAfter} pings in a row went unanswered (it ends the connection as a "heartbeat timeout" drop, which
 * the next step records like any other).
 */
final class PingBeats extends GatlingInternals.JavaActionBuilder {

  /**
   * Beats are due on the clock's ticks of this many ms: the beats of an event loop's connections then share its
   * wake-ups (and their pongs come back together), where beats spread over every millisecond each woke it.
   */
  static final long TICK_MILLIS = 20;

  private final Heartbeat hb;
  private final HoldClock clock;

  PingBeats(Heartbeat hb, HoldClock clock) {
    this.hb = hb;
    this.clock = clock;
  }

  @Override
  protected JavaAction build(JavaAction.Context ctx) {
    return new BeatStep(ctx);
  }

  /** The first tick at or after {@code millis}. */
  static long onTick(long millis) {
    return (millis + TICK_MILLIS - 1) / TICK_MILLIS * TICK_MILLIS;
  }

  private final class BeatStep extends JavaAction {

    BeatStep(Context ctx) {
      super("pingBeats", ctx);
    }

    @Override
    protected void run(Session session) {
      ConnectionWatch watch = ConnectionState.watch(session);
      if (ConnectionState.notConnected(session) || watch == null || watch.ended() || !clock.beforeEnd(session)) {
        next(session);
        return;
      }
      if (onEventLoopOf(watch.channel(), session)) {
        new Beating(session, watch).start();
      }
    }

    /** One user's beats on one connection: everything here runs on the connection's event loop. */
    private final class Beating {
      private final Session session;
      private final ConnectionWatch watch;
      private final GatlingInternals.Recorder recorder;
      private final long interval = hb.interval().toMillis();
      private long due;
      private int missed;
      private boolean done;
      private ScheduledFuture<?> wake;

      Beating(Session session, ConnectionWatch watch) {
        this.session = session;
        this.watch = watch;
        this.recorder = recorder(session);
      }

      void start() {
        watch.onEnded(this::connectionEnded);
        due = onTick(watch.now());
        awaitNext();
      }

      private void beat() {
        long scheduled = due;
        long began = watch.now();
        due = Schedule.nextDue(scheduled, began, interval);
        watch.ping(hb.timeout().toMillis(), new ConnectionWatch.PingOutcome() {
          @Override
          public void pong(long atMillis) {
            long end = Math.max(began, atMillis);
            recorder.record(Requests.HEARTBEAT, began, end, true, null);
            Schedule.recordFromSchedule(recorder, Requests.HEARTBEAT_FROM_SCHEDULE, scheduled, began, interval, end);
            missed = 0;
            guarded(Beating.this::awaitNext);
          }

          @Override
          public void failed(String why) {
            recorder.record(Requests.HEARTBEAT, began, Math.max(began, watch.now()), false, why);
            guarded(() -> {
              if (!watch.ended() && ++missed >= hb.deadAfter()) {
                watch.endFor(DropCause.HEARTBEAT_TIMEOUT, missed + " pongs missed in a row");
                watch.channel().close(); // it answers nothing: free it
              }
              awaitNext();
            });
          }
        });
      }

      /** Sleeps until the next beat is due, or the hold or the connection ends, whichever comes first. */
      private void awaitNext() {
        long untilEnd = clock.untilEnd(session).toMillis();
        if (untilEnd == 0 || watch.ended()) {
          finish();
          return;
        }
        long untilDue = Math.max(0, due - watch.now());
        if (untilDue == 0) {
          beat();
          return;
        }
        wake = watch.channel().eventLoop().schedule(() -> guarded(() -> {
          wake = null;
          awaitNext();
        }), Math.min(untilDue, untilEnd), TimeUnit.MILLISECONDS);
      }

      /** The connection ended: a ping in flight fails first (and finishes); otherwise the user moves on now. */
      private void connectionEnded() {
        if (!done && watch.pendingPings() == 0) {
          // Not from inside the pipeline event that told us: the user's next steps run after it.
          watch.channel().eventLoop().execute(this::finish);
        }
      }

      /** The user leaves this step, once: the next step records a drop, if any, with its cause. */
      private void finish() {
        if (end()) {
          next(session);
        }
      }

      /** True the first time only. */
      private boolean end() {
        if (done) {
          return false;
        }
        done = true;
        if (wake != null) {
          wake.cancel(false);
        }
        watch.onEnded(null);
        return true;
      }

      /** A callback that throws costs the user a KO ("failed step") and hands it on, as any kit step does. */
      private void guarded(Runnable body) {
        try {
          if (!done) {
            body.run();
          }
        } catch (RuntimeException | LinkageError e) {
          if (end()) {
            failed(session, e);
          }
        }
      }
    }
  }
}
