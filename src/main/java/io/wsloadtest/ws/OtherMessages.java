package io.wsloadtest.ws;

import static io.gatling.javaapi.core.CoreDsl.exec;

import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.ChainBuilder;
import io.wsloadtest.gatling.GatlingInternals;
import io.wsloadtest.gatling.GatlingInternals.JavaAction;

/**
 * Messages that arrive while a step awaits its reply and are not that reply (pushes, broadcasts, answers to
 * something else): Gatling's {@code matching} ignores them, so they never make the step KO; this counts them,
 * one OK "other messages" record each (zero duration), so the report and /metrics show them.
 */
public final class OtherMessages {

  private static final String MARK = "wsload.other.mark";
  private static final String WAS_FAILED = "wsload.other.wasFailed";

  private OtherMessages() {}

  /**
   * Runs {@code exchange} (a send with one awaited, {@code matching} reply) and counts the other messages that
   * arrived meanwhile. Its outcome is the session's failed flag, as without this wrapper.
   */
  public static ChainBuilder around(ChainBuilder exchange) {
    return exec(mark(), exchange, count());
  }

  private static io.gatling.javaapi.core.ActionBuilder mark() {
    return GatlingInternals.action(ctx -> new JavaAction("markMessages", ctx) {
      @Override
      protected void run(Session session) {
        LinkTracker t = Liveness.tracker(session);
        Session s = session.set(WAS_FAILED, session.isFailed()).markAsSucceeded();
        next(t == null ? s.remove(MARK) : s.set(MARK, t.dataMessages()));
      }
    });
  }

  private static io.gatling.javaapi.core.ActionBuilder count() {
    return GatlingInternals.action(ctx -> new JavaAction("countMessages", ctx) {
      @Override
      protected void run(Session session) {
        LinkTracker t = Liveness.tracker(session);
        boolean replied = !session.isFailed();
        if (t != null && session.contains(MARK)) {
          long others = t.dataMessages() - session.getLong(MARK) - (replied ? 1 : 0);
          long now = now();
          GatlingInternals.Recorder recorder = recorder(session);
          for (long i = 0; i < others; i++) {
            recorder.record(Requests.OTHER_MESSAGES, now, now, true, null);
          }
        }
        boolean wasFailed = session.contains(WAS_FAILED) && session.getBoolean(WAS_FAILED);
        Session s = session.remove(MARK).remove(WAS_FAILED);
        next(wasFailed ? s.markAsFailed() : s);
      }
    });
  }
}
