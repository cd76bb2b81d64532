package io.wsloadtest.ws;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Session;
import io.wsloadtest.gatling.GatlingInternals;
import io.wsloadtest.gatling.GatlingInternals.JavaAction;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whether a user holds a connection, kept in its session, and the steps that keep it up to date:
 * <ul>
 *   <li>{@link #watchNewConnection()} in every connect's {@code onConnected}: the user is connected, and a
 *       {@link ConnectionWatch} follows the new connection;</li>
 *   <li>{@link #connectOutcome()} after every connect: a failed connect leaves the user not connected (its KO is
 *       the connect's own: one failure, one KO) and counts its cause ("connect refused", "handshake 503", ...);
 *       a connect whose after-connect steps failed is closed by the client (the failed step is its one KO);</li>
 *   <li>{@link #afterBeat(int)} after every heartbeat: a reply resets the missed count; K missed replies in a
 *       row drop the connection ("heartbeat timeout") and close it; a connection the server closed or that
 *       ended without a close frame is dropped at once ("server close 1001", "abnormal close 1006");</li>
 *   <li>{@link #checkConnection()} before a step that needs the connection: a drop since the last step.</li>
 * </ul>
 * Each drop is one KO request record named "drop" whose message is its cause (see {@link DropCause}), so the
 * report's error table, {@link DropTable} and /metrics count drops by cause.
 */
public final class ConnectionState {

  static final String WATCH = "wsload.connection.watch";
  private static final String CONNECTED = "wsload.connection.connected";
  private static final String MISSED = "wsload.connection.missed";
  /** Reconnect attempts of the current outage (for the backoff). */
  private static final String ATTEMPTS = "wsload.connection.attempts";
  /** Reconnect attempts of the user in all. */
  private static final String RECONNECTS = "wsload.connection.reconnects";
  /** Why the application refused the current connect (its protocol's words, as a drop cause), or absent. */
  private static final String REFUSAL = "wsload.connection.refusal";

  private ConnectionState() {}

  // --- what scenarios ask ------------------------------------------------------------------------

  /** True from a successful connect until the connection drops or is closed. */
  public static boolean connected(Session session) {
    return session.contains(CONNECTED) && session.getBoolean(CONNECTED);
  }

  public static boolean notConnected(Session session) {
    return !connected(session);
  }

  /** Reconnects this user has tried so far (each failed one counts). */
  public static int reconnects(Session session) {
    return session.contains(RECONNECTS) ? session.getInt(RECONNECTS) : 0;
  }

  /** Heartbeats missed in a row on the current connection. */
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

  static ConnectionWatch watch(Session session) {
    return session.contains(WATCH) ? session.get(WATCH) : null;
  }

  // --- steps -------------------------------------------------------------------------------------

  /**
   * In onConnected: the user is connected; watch the new connection (close codes, pongs). With
   * {@code answerServerPings} false (wsload.keep-alive = false) the server's pings go unanswered.
   */
  public static ActionBuilder watchNewConnection(boolean answerServerPings) {
    return step("watch", (step, session) -> {
      GatlingInternals.Connection c = GatlingInternals.connection(session);
      Session s = session.set(MISSED, 0).set(CONNECTED, true);
      if (!c.open()) {
        step.next(s.remove(WATCH));
        return;
      }
      ConnectionWatch watch = ConnectionWatch.on(c.channel(), step::now);
      if (!answerServerPings) {
        watch.silenceTowardsServerPings();
      }
      step.next(s.set(WATCH, watch));
    });
  }

  /**
   * After a connect: connected when onConnected ran to its end without a failure. A failed connect leaves the
   * user not connected, its cause counted (its KO is the connect's own). When the connect succeeded but a step
   * after it failed, the client closes that connection (a "close" record, so open connections never exceed
   * users; the failed step is the one KO) and the user reconnects by the same rules as after a drop.
   */
  public static ActionBuilder connectOutcome() {
    return step("connectOutcome", (step, session) -> {
      int attempts = session.contains(ATTEMPTS) ? session.getInt(ATTEMPTS) : 0;
      if (!session.isFailed() && connected(session)) {
        if (attempts > 0) {
          DropTable.countReconnect();
        }
        step.next(session.set(ATTEMPTS, 0));
        return;
      }
      GatlingInternals.Connection c = GatlingInternals.connection(session);
      Session s = session;
      if (connected(session)) {
        String dropped = step.dropCause(session);
        if (dropped != null) {
          s = step.drop(session, dropped, step.endedAt(session));
        } else {
          ConnectionWatch w = watch(session);
          io.netty.channel.Channel channel = w != null ? w.channel() : c.channel();
          if (channel != null) {
            channel.close();
          }
          long now = step.now();
          s = step.record(session, Requests.CLOSE, now);
        }
      } else {
        DropTable.countDrop(session.contains(REFUSAL) ? session.getString(REFUSAL) : DropCause.ofConnectError(c.error()));
      }
      step.next(forget(s));
    });
  }

  /** After a heartbeat (whose outcome is the session's failed flag). */
  public static ActionBuilder afterBeat(int deadAfter) {
    return step("afterBeat", (step, session) -> {
      if (notConnected(session)) {
        step.next(session.markAsSucceeded());
        return;
      }
      String dropped = step.dropCause(session);
      if (dropped != null) {
        step.next(step.drop(session, dropped, step.endedAt(session)));
      } else if (!session.isFailed()) {
        step.next(session.set(MISSED, 0));
      } else {
        int missed = missed(session) + 1;
        if (missed >= deadAfter) {
          ConnectionWatch w = watch(session);
          if (w != null) {
            w.channel().close(); // it answers nothing: free it, Gatling notices only on its next send
          }
          step.next(step.drop(session, DropCause.HEARTBEAT_TIMEOUT, step.now()));
        } else {
          step.next(session.set(MISSED, missed).markAsSucceeded());
        }
      }
    });
  }

  /** A drop now if the connection ended since the last step. */
  public static ActionBuilder checkConnection() {
    return step("checkConnection", (step, session) -> {
      String dropped = connected(session) ? step.dropCause(session) : null;
      step.next(dropped == null ? session : step.drop(session, dropped, step.endedAt(session)));
    });
  }

  /** The application refused the new connection (already closed): the user is not connected, for {@code cause}. */
  static Session refused(Session session, String cause) {
    return session.set(CONNECTED, false).set(REFUSAL, cause);
  }

  /** After the client's own close: the user holds no connection (and the next step does not take it for a drop). */
  public static ActionBuilder closedByClient() {
    return step("closed", (step, session) -> step.next(forget(session)));
  }

  /** The user holds no connection: Gatling's is forgotten so that the next connect starts afresh. */
  private static Session forget(Session session) {
    return session.remove(GatlingInternals.DEFAULT_WS_NAME).remove(WATCH).remove(REFUSAL).set(CONNECTED, false)
        .set(MISSED, 0).markAsSucceeded();
  }

  private interface Body {
    void run(Step step, Session session);
  }

  private static ActionBuilder step(String kind, Body body) {
    return GatlingInternals.action(ctx -> new Step(kind, ctx, body));
  }

  /** A connection-state step: reaches Gatling's connection and records drops. */
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

    /** Why the connection is gone, or null when it is open. */
    String dropCause(Session session) {
      ConnectionWatch w = watch(session);
      if (w != null) {
        return w.ended() ? w.dropCause() : null;
      }
      GatlingInternals.Connection c = GatlingInternals.connection(session);
      if (c.open()) {
        return null;
      }
      // Not watched: Gatling keeps the error of a connection that ended, not a close code.
      return c.error() != null ? DropCause.ABNORMAL_CLOSE : DropCause.CONNECT_FAILED;
    }

    long endedAt(Session session) {
      ConnectionWatch w = watch(session);
      return w != null ? w.endedAtMillis() : now();
    }

    Session record(Session session, String request, long at) {
      return log(session, request, at, at, true, null, null);
    }

    /**
     * One "drop" KO stamped when the connection ended (zero duration, so drops do not skew response-time
     * percentiles); the user then holds no connection until a reconnect succeeds.
     */
    Session drop(Session session, String cause, long at) {
      DropTable.countDrop(cause);
      return forget(log(session, Requests.DROP, at, at, false, null, cause));
    }
  }
}
