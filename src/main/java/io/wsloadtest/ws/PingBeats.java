package io.wsloadtest.ws;

import io.gatling.javaapi.core.Session;
import io.netty.channel.Channel;
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
 * {@code deadAfter} pings in a row went unanswered (it closes the connection and records the "heartbeat timeout"
 * drop itself).
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
      Channel ch = watch.channel();
      if (!ch.eventLoop().inEventLoop()) {
        // Gatling connects on the user's event loop, so this is a safety net only.
        ch.eventLoop().execute(() -> execute(session));
        return;
      }
      new Beating(this, session, watch).start();
    }

    // For Beating, which is not a JavaAction.
    GatlingInternals.Recorder recorderOf(Session session) {
      return recorder(session);
    }

    void handOn(Session session) {
      next(session);
    }

    void fail(Session session, Throwable e) {
      failed(session, e);
    }

    /** The "drop" record for {@code cause}, the connection forgotten. */
    Session drop(Session session, String cause, long at) {
      return ConnectionState.dropped(log(session, Requests.DROP, at, at, false, null, cause), cause);
    }
  }

  /** The first tick at or after {@code millis}. */
  static long onTick(long millis) {
    return (millis + TICK_MILLIS - 1) / TICK_MILLIS * TICK_MILLIS;
  }

  /** One user's beats on one connection: everything here runs on the connection's event loop. */
  private final class Beating {
    private final BeatStep step;
    private final Session session;
    private final ConnectionWatch watch;
    private final GatlingInternals.Recorder recorder;
    private final long interval = hb.interval().toMillis();
    private long due;
    private int missed;
    private boolean pinging;
    private boolean done;
    private ScheduledFuture<?> wake;

    Beating(BeatStep step, Session session, ConnectionWatch watch) {
      this.step = step;
      this.session = session;
      this.watch = watch;
      this.recorder = step.recorderOf(session);
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
      pinging = true;
      watch.ping(hb.timeout().toMillis(), new ConnectionWatch.PingOutcome() {
        @Override
        public void pong(long atMillis) {
          pinging = false;
          long end = Math.max(began, atMillis);
          recorder.record(Requests.HEARTBEAT, began, end, true, null);
          for (long dueAt : Schedule.dueTimes(scheduled, began, interval)) {
            recorder.record(Requests.HEARTBEAT_FROM_SCHEDULE, Math.min(dueAt, end), end, true, null);
          }
          missed = 0;
          guarded(Beating.this::awaitNext);
        }

        @Override
        public void failed(String why) {
          pinging = false;
          recorder.record(Requests.HEARTBEAT, began, Math.max(began, watch.now()), false, why);
          guarded(() -> {
            if (watch.ended()) {
              finish(session);
            } else if (++missed >= hb.deadAfter()) {
              watch.channel().close(); // it answers nothing: free it
              finish(step.drop(session, DropCause.HEARTBEAT_TIMEOUT, watch.now()));
            } else {
              awaitNext();
            }
          });
        }
      });
    }

    /** Sleeps until the next beat is due, or the hold ends, whichever comes first. */
    private void awaitNext() {
      long untilEnd = clock.untilEnd(session).toMillis();
      if (untilEnd == 0 || watch.ended()) {
        finish(session);
        return;
      }
      long untilDue = Math.max(0, due - watch.now());
      if (untilDue == 0) {
        beat();
        return;
      }
      wake = watch.channel().eventLoop().schedule(() -> guarded(() -> {
        wake = null;
        if (!done) {
          awaitNext();
        }
      }), Math.min(untilDue, untilEnd), TimeUnit.MILLISECONDS);
    }

    /** The connection ended: a ping in flight fails first (and finishes); otherwise the user moves on now. */
    private void connectionEnded() {
      if (!done && !pinging) {
        // Not from inside the pipeline event that told us: the user's next steps run after it.
        watch.channel().eventLoop().execute(() -> finish(session));
      }
    }

    private void finish(Session s) {
      if (end()) {
        step.handOn(s);
      }
    }

    /** True the first time: the user leaves this step (the session is handed on once). */
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
        body.run();
      } catch (RuntimeException | LinkageError e) {
        if (end()) {
          step.fail(session, e);
        }
      }
    }
  }
}
