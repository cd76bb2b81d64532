package io.wsloadtest.ws;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.wsloadtest.gatling.GatlingInternals;
import io.wsloadtest.gatling.GatlingInternals.JavaAction;
import java.time.Duration;
import java.util.function.Function;

/**
 * A step run every interval (a heartbeat, an echo), the first at once, on Gatling's clock. A run that starts late
 * (the previous one waited for a stalled server) still knows when it was due, and which runs it stands for: each
 * due time it missed is one "(from schedule)" record timed from that due time to this run's reply, beside the
 * usual record. A stalled server then cannot look fast because its clients stopped asking (coordinated omission);
 * HdrHistogram's recordValueWithExpectedInterval corrects the same way. Missed runs are not sent in a burst: the
 * next run is due at the next point of the schedule after now.
 */
final class Schedule {

  /** At most this many missed due times stand for one late run (a schedule of 10 ms stalled for a minute). */
  static final int MAX_MISSED = 1000;

  private final String due;
  private final String wait;
  private final String scheduled;
  private final String began;
  private final long intervalMillis;

  /** {@code name} keeps this schedule's session attributes apart from another's. */
  Schedule(String name, Duration interval) {
    this.due = "wsload.schedule." + name + ".due";
    this.wait = "wsload.schedule." + name + ".wait";
    this.scheduled = "wsload.schedule." + name + ".scheduled";
    this.began = "wsload.schedule." + name + ".began";
    this.intervalMillis = interval.toMillis();
  }

  /** The next run is due now (at the start, and after a reconnect: lateness then is the outage's, not the server's). */
  ActionBuilder dueNow() {
    return step("scheduleNow", (a, s) -> s.set(due, a.now()));
  }

  /** Waits until the next run is due, but never longer than {@code atMost} gives (the end of the hold). */
  ChainBuilder awaitDue(Function<Session, Duration> atMost) {
    return exec(step("scheduleWait", (a, s) -> s.set(wait, Math.max(0, s.getLong(due) - a.now()))),
        pause(s -> {
          Duration untilDue = Duration.ofMillis(s.getLong(wait));
          Duration limit = atMost.apply(s);
          return untilDue.compareTo(limit) <= 0 ? untilDue : limit;
        }));
  }

  /** This run begins: remembers when it was due; the next is due at the next point of the schedule after now. */
  ActionBuilder begin() {
    return step("scheduleBegin", (a, s) -> {
      long dueAt = s.getLong(due);
      long now = a.now();
      return s.set(scheduled, dueAt).set(began, now).set(due, nextDue(dueAt, now, intervalMillis));
    });
  }

  /** After the run: when it succeeded, one {@code request} record per due time it stands for, each until now. */
  ActionBuilder fromSchedule(String request) {
    return GatlingInternals.action(ctx -> new JavaAction("fromSchedule", ctx) {
      @Override
      protected void run(Session session) {
        if (!session.isFailed() && session.contains(scheduled)) {
          recordFromSchedule(recorder(session), request, session.getLong(scheduled), session.getLong(began),
              intervalMillis, now());
        }
        next(session);
      }
    });
  }

  /**
   * For a run due at {@code dueAt}, begun at {@code began} and answered at {@code end}: one OK {@code request}
   * record per due time it stands for ({@link #dueTimes}), each timed from that due time to {@code end}.
   */
  static void recordFromSchedule(GatlingInternals.Recorder recorder, String request, long dueAt, long began,
      long interval, long end) {
    for (long due : dueTimes(dueAt, began, interval)) {
      recorder.record(request, Math.min(due, end), end, true, null);
    }
  }

  /** The first point of the schedule (dueAt + k × interval) after {@code now}; dueAt itself when not yet past. */
  static long nextDue(long dueAt, long now, long interval) {
    if (now < dueAt + interval) {
      return dueAt + interval;
    }
    return dueAt + ((now - dueAt) / interval + 1) * interval;
  }

  /** The due times a run begun at {@code began} stands for: the one it was due at and those it missed since. */
  static long[] dueTimes(long dueAt, long began, long interval) {
    long missed = began <= dueAt ? 0 : Math.min((began - dueAt) / interval, MAX_MISSED - 1);
    long[] times = new long[(int) missed + 1];
    for (int i = 0; i < times.length; i++) {
      times[i] = dueAt + i * interval;
    }
    return times;
  }

  private interface Body {
    Session apply(JavaAction action, Session session);
  }

  private static ActionBuilder step(String kind, Body body) {
    return GatlingInternals.action(ctx -> new JavaAction(kind, ctx) {
      @Override
      protected void run(Session session) {
        next(body.apply(this, session));
      }
    });
  }
}
