package io.wsloadtest.ws;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Session;
import io.wsloadtest.gatling.GatlingInternals;
import io.wsloadtest.gatling.GatlingInternals.JavaAction;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Steps that keep track of whether a user's WebSocket is alive, for scenarios that hold connections:
 * <ul>
 *   <li>{@link #watch()} in the connect's {@code onConnected}: starts watching each new link;</li>
 *   <li>{@link #connectOutcome()} after every connect: a failed one marks the user dead (its KO is the
 *       connect's own: one failure, one KO) and counts its cause ("connect refused", "handshake 503", ...);</li>
 *   <li>{@link #afterBeat(int)} after every heartbeat: a reply resets the missed count; K missed replies in a
 *       row declare the link dead ("heartbeat timeout") and close it; a link the server closed or lost is
 *       dead at once ("server close 1001", "abnormal close 1006");</li>
 *   <li>{@link #checkLink()} before a step that needs the link: catches a link lost since the last step.</li>
 * </ul>
 * Each lost link is one KO request record named "drop" whose message is the cause (see {@link DropCause}),
 * so the report's error table, {@link DropTable} and /metrics count drops by cause. The user's state is in
 * session attributes; {@link #dead} tells the scenario to reconnect, {@link #backoff} how long to wait first.
 */
public final class Liveness {

  static final String LINK = "wsload.link";
  private static final String MISSED = "wsload.link.missed";
  private static final String DEAD = "wsload.link.dead";
  private static final String ATTEMPTS = "wsload.link.attempts";
  private static final String RECONNECTS = "wsload.link.reconnects";

  private Liveness() {}

  // --- what scenarios ask ------------------------------------------------------------------------

  public static boolean dead(Session session) {
    return session.contains(DEAD) && session.getBoolean(DEAD);
  }

  public static boolean alive(Session session) {
    return !dead(session);
  }

  /** Reconnects this user has tried so far (each failed one counts). */
  public static int reconnects(Session session) {
    return session.contains(RECONNECTS) ? session.getInt(RECONNECTS) : 0;
  }

  /** Heartbeats missed in a row on the current link. */
  public static int missed(Session session) {
    return session.contains(MISSED) ? session.getInt(MISSED) : 0;
  }

  /** Counts one reconnect attempt; call before the backoff pause. */
  public static Session countAttempt(Session session) {
    int attempts = session.contains(ATTEMPTS) ? session.getInt(ATTEMPTS) : 0;
    return session.set(ATTEMPTS, attempts + 1).set(RECONNECTS, reconnects(session) + 1);
  }

  /**
   * Wait before reconnect attempt n (1, 2, ...) of the current outage: initial × 2^(n-1), at most max, then
   * a random point in its upper half so thousands of users that lost the same server do not return in
   * one burst.
   */
  public static Duration backoff(Session session, Duration initial, Duration max) {
    int n = Math.max(1, session.contains(ATTEMPTS) ? session.getInt(ATTEMPTS) : 1);
    long ceiling = initial.toMillis() << Math.min(n - 1, 20);
    long capped = Math.min(Math.max(ceiling, 1), max.toMillis());
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(capped / 2, capped + 1));
  }

  static LinkTracker tracker(Session session) {
    return session.contains(LINK) ? session.get(LINK) : null;
  }

  // --- steps -------------------------------------------------------------------------------------

  /** In onConnected: watch the new link (close codes, pongs). */
  public static ActionBuilder watch() {
    return step("watch", (step, session) -> {
      GatlingInternals.Socket socket = step.socket(session);
      Session s = session.set(MISSED, 0).set(DEAD, false);
      step.next(socket != null && socket.open() ? s.set(LINK, LinkTracker.on(socket.channel())) : s);
    });
  }

  /** After a connect: alive when onConnected ran, else dead with the connect's cause counted (no extra KO). */
  public static ActionBuilder connectOutcome() {
    return step("connectOutcome", (step, session) -> {
      int attempts = session.contains(ATTEMPTS) ? session.getInt(ATTEMPTS) : 0;
      if (!session.isFailed() && session.contains(MISSED) && !dead(session)) {
        if (attempts > 0) {
          DropTable.countReconnect();
        }
        step.next(session.set(ATTEMPTS, 0));
        return;
      }
      GatlingInternals.Socket socket = step.socket(session);
      DropTable.countDrop(socket == null ? DropCause.CONNECT_FAILED : DropCause.ofConnectError(socket.crashMessage()));
      step.next(session.remove(GatlingInternals.DEFAULT_WS_NAME).remove(LINK).set(DEAD, true).markAsSucceeded());
    });
  }

  /** After a heartbeat (whose outcome is the session's failed flag). */
  public static ActionBuilder afterBeat(int deadAfter) {
    return step("afterBeat", (step, session) -> {
      long now = step.now();
      if (dead(session)) {
        step.next(session.markAsSucceeded());
        return;
      }
      String lost = step.lostCause(session);
      if (lost != null) {
        LinkTracker t = tracker(session);
        step.next(step.drop(session, lost, t != null ? t.closedAtMillis() : now));
      } else if (!session.isFailed()) {
        step.next(session.set(MISSED, 0));
      } else {
        int missed = missed(session) + 1;
        if (missed >= deadAfter) {
          LinkTracker t = tracker(session);
          if (t != null) {
            t.channel().close(); // the link answers nothing: free it, Gatling notices only on its next send
          }
          step.next(step.drop(session, DropCause.HEARTBEAT_TIMEOUT, now));
        } else {
          step.next(session.set(MISSED, missed).markAsSucceeded());
        }
      }
    });
  }

  /** A drop now if the link was lost since the last step. */
  public static ActionBuilder checkLink() {
    return step("checkLink", (step, session) -> {
      String lost = dead(session) ? null : step.lostCause(session);
      if (lost == null) {
        step.next(session);
      } else {
        LinkTracker t = tracker(session);
        step.next(step.drop(session, lost, t != null ? t.closedAtMillis() : step.now()));
      }
    });
  }

  private interface Body {
    void run(Step step, Session session);
  }

  private static ActionBuilder step(String kind, Body body) {
    return GatlingInternals.action(ctx -> new Step(kind, ctx, body));
  }

  /** A liveness step: reaches Gatling's socket and records drops. */
  private static final class Step extends JavaAction {
    private final Body body;

    Step(String kind, Context ctx, Body body) {
      super(kind, ctx);
      this.body = body;
    }

    @Override
    protected void run(Session session) {
      body.run(this, session);
    }

    @Override
    protected void next(Session session) {
      super.next(session);
    }

    @Override
    protected long now() {
      return super.now();
    }

    /** Gatling's view of the socket, or null (after logging why) when its internals are not as expected. */
    GatlingInternals.Socket socket(Session session) {
      try {
        return GatlingInternals.socket(session, GatlingInternals.DEFAULT_WS_NAME);
      } catch (GatlingInternals.Unsupported e) {
        crash(session, Requests.FAILED_STEP, e.getMessage());
        return null;
      }
    }

    /** Why the link is gone, or null when it is open. */
    String lostCause(Session session) {
      LinkTracker t = tracker(session);
      if (t != null) {
        return t.closed() ? t.closeCause() : null;
      }
      GatlingInternals.Socket socket = socket(session);
      if (socket == null || socket.open()) {
        return null;
      }
      // Not watched (tracker not installed): Gatling keeps the error of a lost link, not a close code.
      return socket.crashMessage() != null ? DropCause.ABNORMAL_CLOSE : DropCause.CONNECT_FAILED;
    }

    /**
     * One "drop" KO stamped when the link was lost (zero duration, so drops do not skew response-time
     * percentiles); forgets the socket so the user can connect afresh, and marks the user dead until a
     * reconnect succeeds.
     */
    Session drop(Session session, String cause, long at) {
      DropTable.countDrop(cause);
      Session s = log(session, Requests.DROP, at, at, false, null, cause);
      return s.remove(GatlingInternals.DEFAULT_WS_NAME).remove(LINK).set(DEAD, true).set(MISSED, 0).markAsSucceeded();
    }
  }
}
