package io.wsloadtest.ws;

import static io.gatling.javaapi.core.CoreDsl.exec;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.wsloadtest.gatling.GatlingInternals;
import io.wsloadtest.gatling.GatlingInternals.JavaAction;

/**
 * Messages that arrive while a step awaits its reply and are not that reply (pushes, broadcasts, answers to
 * something else): Gatling's {@code matching} ignores them, so they never make the step KO; this counts them,
 * one OK "other messages" record each (zero duration), so the report and /metrics show them.
 */
public final class OtherMessages {

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
        ConnectionWatch t = ConnectionState.watch(session);
        if (t != null) {
          t.beginExchange(session.isFailed());
          next(session.isFailed() ? session.markAsSucceeded() : session);
        } else {
          next(session.set(WAS_FAILED, session.isFailed()).markAsSucceeded());
        }
      }
    });
  }

  private static io.gatling.javaapi.core.ActionBuilder count() {
    return GatlingInternals.action(ctx -> new JavaAction("countMessages", ctx) {
      @Override
      protected void run(Session session) {
        ConnectionWatch t = ConnectionState.watch(session);
        boolean wasFailed;
        if (t != null) {
          long since = t.endExchange();
          long others = since - (session.isFailed() ? 0 : 1);
          long now = now();
          GatlingInternals.Recorder recorder = others > 0 ? recorder(session) : null;
          for (long i = 0; i < others; i++) {
            recorder.record(Requests.OTHER_MESSAGES, now, now, true, null);
          }
          wasFailed = t.failedBeforeExchange();
        } else {
          wasFailed = session.contains(WAS_FAILED) && session.getBoolean(WAS_FAILED);
          session = session.remove(WAS_FAILED);
        }
        next(wasFailed && !session.isFailed() ? session.markAsFailed() : session);
      }
    });
  }
}
