package io.wsloadtest.ws;

import io.gatling.core.session.Session;
import io.wsloadtest.ws.GatlingInternals.JavaAction;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Steps that keep track of whether a user's WebSocket is alive, for scenarios that hold connections:
 * <ul>
 *   <li>{@link #connected()} after every connect: starts watching the new link, or records why the connect
 *       failed ("connect refused", "handshake 503", ...);</li>
 *   <li>{@link #afterBeat(int)} after every heartbeat: a reply resets the missed count; K missed replies in a
 *       row declare the link dead ("heartbeat timeout") and close it; a link the server closed or lost is
 *       dead at once ("server close 1001", "abnormal close 1006");</li>
 *   <li>{@link #checkLink()} before the final close: catches a link lost since the last heartbeat.</li>
 * </ul>
 * Each lost link and each failed connect is one KO request record named "drop" whose message is the cause
 * (see {@link DropCause}), so the report's error table and {@link DropTable} count drops by cause. The user's
 * state is in session attributes; {@link #dead} tells the scenario to reconnect, {@link #backoff} how long to
 * wait first.
 */
public final class Liveness {

  /** Request name of reconnects; DropTable counts its OKs as reconnections. */
  public static final String RECONNECT = "reconnect";

  static final String LINK = "wsload.link";
  /** Set to the cause when a step recorded a drop, for whoever counts drops elsewhere (live metrics). */
  public static final String DROPPED = "wsload.link.dropped";
  private static final String MISSED = "wsload.link.missed";
  private static final String LAST_REPLY = "wsload.link.lastReply";
  private static final String DEAD = "wsload.link.dead";
  private static final String ATTEMPTS = "wsload.link.attempts";
  private static final String RECONNECTS = "wsload.link.reconnects";

  private Liveness() {}

  // --- what scenarios ask ------------------------------------------------------------------------

  public static boolean dead(io.gatling.javaapi.core.Session session) {
    return session.contains(DEAD) && session.getBoolean(DEAD);
  }

  public static boolean alive(io.gatling.javaapi.core.Session session) {
    return !dead(session);
  }

  /** Reconnects this user has tried so far (each failed one counts). */
  public static int reconnects(io.gatling.javaapi.core.Session session) {
    return session.contains(RECONNECTS) ? session.getInt(RECONNECTS) : 0;
  }

  /** Heartbeats missed in a row on the current link. */
  public static int missed(io.gatling.javaapi.core.Session session) {
    return session.contains(MISSED) ? session.getInt(MISSED) : 0;
  }

  /** Milliseconds since the current link last answered a heartbeat (or connected). */
  public static long sinceLastReplyMillis(io.gatling.javaapi.core.Session session) {
    return session.contains(LAST_REPLY) ? System.currentTimeMillis() - session.getLong(LAST_REPLY) : 0;
  }

  /** Counts one reconnect attempt; call before the backoff pause. */
  public static io.gatling.javaapi.core.Session countAttempt(io.gatling.javaapi.core.Session session) {
    int attempts = session.contains(ATTEMPTS) ? session.getInt(ATTEMPTS) : 0;
    return session.set(ATTEMPTS, attempts + 1).set(RECONNECTS, reconnects(session) + 1);
  }

  /**
   * Wait before reconnect attempt n (1, 2, ...) of the current outage: initial × 2^(n-1), at most max, then
   * a random point in its upper half so thousands of users that lost the same server do not return in
   * one burst.
   */
  public static Duration backoff(io.gatling.javaapi.core.Session session, Duration initial, Duration max) {
    int n = Math.max(1, session.contains(ATTEMPTS) ? session.getInt(ATTEMPTS) : 1);
    long ceiling = initial.toMillis() << Math.min(n - 1, 20);
    long capped = Math.min(Math.max(ceiling, 1), max.toMillis());
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(capped / 2, capped + 1));
  }

  private static boolean isDead(Session session) {
    return session.attributes().contains(DEAD) && (Boolean) session.attributes().apply(DEAD);
  }

  static LinkTracker tracker(Session session) {
    scala.Option<Object> t = session.attributes().get(LINK);
    return t.isDefined() ? (LinkTracker) t.get() : null;
  }

  // --- steps -------------------------------------------------------------------------------------

  public static io.gatling.javaapi.core.ActionBuilder connected() {
    return () -> GatlingInternals.builder(ctx -> new Step("connected", ctx) {
      @Override
      void run(Session session) {
        long now = clock.nowMillis();
        GatlingInternals.Socket socket = socket(session);
        if (socket != null && socket.open()) {
          LinkTracker tracker = LinkTracker.on(socket.channel());
          if (session.attributes().contains(ATTEMPTS) && (Integer) session.attributes().apply(ATTEMPTS) > 0) {
            DropTable.countReconnect();
          }
          next(session.set(LINK, tracker).set(MISSED, 0).set(LAST_REPLY, now).set(DEAD, false).set(ATTEMPTS, 0)
              .markAsSucceeded());
          return;
        }
        if (socket == null && !session.isFailed()) {
          // Internals not as expected (logged): trust Gatling's own connect status, watch misses only.
          next(session.set(MISSED, 0).set(LAST_REPLY, now).set(DEAD, false).set(ATTEMPTS, 0));
          return;
        }
        String cause = socket == null ? DropCause.CONNECT_FAILED : DropCause.ofConnectError(socket.crashMessage());
        next(drop(session, cause, now));
      }
    });
  }

  public static io.gatling.javaapi.core.ActionBuilder afterBeat(int deadAfter) {
    return () -> GatlingInternals.builder(ctx -> new Step("afterBeat", ctx) {
      @Override
      void run(Session session) {
        long now = clock.nowMillis();
        if (isDead(session)) {
          next(session.markAsSucceeded());
          return;
        }
        String lost = lostCause(session);
        if (lost != null) {
          LinkTracker t = tracker(session);
          next(drop(session, lost, t != null ? t.closedAtMillis() : now));
        } else if (!session.isFailed()) {
          next(session.set(MISSED, 0).set(LAST_REPLY, now));
        } else {
          int missed = (session.attributes().contains(MISSED) ? (Integer) session.attributes().apply(MISSED) : 0) + 1;
          if (missed >= deadAfter) {
            LinkTracker t = tracker(session);
            if (t != null) {
              t.channel().close(); // the link answers nothing: free it, Gatling notices only on its next send
            }
            next(drop(session, DropCause.HEARTBEAT_TIMEOUT, now));
          } else {
            next(session.set(MISSED, missed).markAsSucceeded());
          }
        }
      }
    });
  }

  public static io.gatling.javaapi.core.ActionBuilder checkLink() {
    return () -> GatlingInternals.builder(ctx -> new Step("checkLink", ctx) {
      @Override
      void run(Session session) {
        String lost = isDead(session) ? null : lostCause(session);
        if (lost == null) {
          next(session);
        } else {
          LinkTracker t = tracker(session);
          next(drop(session, lost, t != null ? t.closedAtMillis() : clock.nowMillis()));
        }
      }
    });
  }

  /** A liveness step: reaches Gatling's socket and records drops. */
  private abstract static class Step extends JavaAction {
    Step(String kind, Context ctx) {
      super(kind, ctx);
    }

    /** Gatling's view of the socket, or null (after logging why) when its internals are not as expected. */
    GatlingInternals.Socket socket(Session session) {
      try {
        return GatlingInternals.socket(session, GatlingInternals.DEFAULT_WS_NAME);
      } catch (GatlingInternals.Unsupported e) {
        statsEngine.logRequestCrash(session.scenario(), session.groups(), "liveness", e.getMessage());
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
      Session s = log(session, DropCause.REQUEST, at, at, false, null, cause);
      return s.remove(GatlingInternals.DEFAULT_WS_NAME).remove(LINK).set(DEAD, true).set(MISSED, 0)
          .set(DROPPED, cause).markAsSucceeded();
    }
  }
}
