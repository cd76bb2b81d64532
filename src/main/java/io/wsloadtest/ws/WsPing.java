package io.wsloadtest.ws;

import io.gatling.javaapi.core.Session;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.wsloadtest.gatling.GatlingInternals;
import io.wsloadtest.gatling.GatlingInternals.JavaAction;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket ping control frame as a scenario step, on the user's open Gatling WebSocket:
 *
 * <pre>
 *   exec(ws("connect").connect("/echo"), WsPing.ping("heartbeat").timeout(Duration.ofSeconds(2)))
 * </pre>
 *
 * Logs one request record under its name: OK with the ping/pong round trip, or KO "pong timeout", or KO
 * "socket closed..." when the connection is gone before or while waiting. The pong is matched by the
 * 8-byte payload the ping carried. Gatling cannot do this itself; see {@link GatlingInternals}.
 */
public final class WsPing {

  /**
   * Pong deadlines of all users on one timing wheel: O(1) to add and cancel, where a task per ping on the
   * event loop's scheduled-task heap cost O(log n) twice per ping with up to one pending ping per connection.
   * A deadline fires up to one 100 ms tick late; the KO is then recorded on the user's event loop.
   */
  private static final HashedWheelTimer DEADLINES =
      new HashedWheelTimer(new DefaultThreadFactory("wsload-pong-deadlines", true), 100, TimeUnit.MILLISECONDS, 512);

  private WsPing() {}

  public static Builder ping(String requestName) {
    return new Builder(requestName, GatlingInternals.DEFAULT_WS_NAME, Duration.ofSeconds(5));
  }

  /** Usable wherever the Java DSL takes an action: exec, loops, groups. */
  public static final class Builder extends GatlingInternals.JavaActionBuilder {
    private final String requestName;
    private final String wsName;
    private final Duration timeout;

    private Builder(String requestName, String wsName, Duration timeout) {
      this.requestName = requestName;
      this.wsName = wsName;
      this.timeout = timeout;
    }

    /** How long to wait for the pong before the ping is a KO "pong timeout". */
    public Builder timeout(Duration timeout) {
      return new Builder(requestName, wsName, timeout);
    }

    @Override
    protected JavaAction build(JavaAction.Context ctx) {
      return new PingAction(this, ctx);
    }
  }

  private static final class PingAction extends JavaAction {
    private final Builder b;

    PingAction(Builder b, Context ctx) {
      super("wsPing", ctx);
      this.b = b;
    }

    @Override
    protected void run(Session session) {
      long start = now();
      GatlingInternals.Socket socket;
      try {
        socket = GatlingInternals.socket(session, b.wsName);
      } catch (GatlingInternals.Unsupported e) {
        next(log(session, b.requestName, start, start, false, null, e.getMessage()));
        return;
      }
      if (!socket.open()) {
        LinkTracker t = Liveness.tracker(session);
        String why = t != null && t.closed() ? t.closeDetail()
            : socket.crashMessage() != null ? socket.crashMessage() : "no open WebSocket (" + socket.state() + ")";
        next(log(session, b.requestName, start, start, false, null, "socket closed: " + why));
        return;
      }
      Channel ch = socket.channel();
      if (!ch.eventLoop().inEventLoop()) {
        // Gatling connects on the user's event loop, so this is a safety net only.
        ch.eventLoop().execute(() -> run(session));
        return;
      }
      LinkTracker tracker = LinkTracker.on(ch);
      Pending pending = new Pending(session, start);
      long id = tracker.register(pending);
      pending.timeout = DEADLINES.newTimeout(t -> ch.eventLoop().execute(() -> {
        if (tracker.forget(id)) {
          next(log(session, b.requestName, start, now(), false, null, "pong timeout"));
        }
      }), b.timeout.toMillis(), TimeUnit.MILLISECONDS);
      ch.writeAndFlush(new PingWebSocketFrame(Unpooled.buffer(Long.BYTES).writeLong(id))).addListener(f -> {
        if (!f.isSuccess() && tracker.forget(id)) {
          pending.timeout.cancel();
          next(log(session, b.requestName, start, now(), false, null, "socket closed: ping not sent"));
        }
      });
    }

    /** Settled exactly once: the tracker removes it before calling, the timeout only if still there. */
    private final class Pending implements LinkTracker.PendingPing {
      final Session session;
      final long start;
      Timeout timeout;

      Pending(Session session, long start) {
        this.session = session;
        this.start = start;
      }

      @Override
      public void pong(long atMillis) {
        timeout.cancel();
        next(log(session, b.requestName, start, Math.max(start, atMillis), true, null, null));
      }

      @Override
      public void lost(String why) {
        timeout.cancel();
        next(log(session, b.requestName, start, now(), false, null, "socket closed while awaiting pong: " + why));
      }
    }
  }
}
