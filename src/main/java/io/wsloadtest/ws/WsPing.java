package io.wsloadtest.ws;

import io.gatling.javaapi.core.Session;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.util.Timeout;
import io.wsloadtest.gatling.GatlingInternals;
import io.wsloadtest.gatling.GatlingInternals.JavaAction;
import java.time.Duration;

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

  private static final class PingAction extends SocketStep {
    private final Builder b;

    PingAction(Builder b, Context ctx) {
      super("wsPing", ctx);
      this.b = b;
    }

    @Override
    protected void run(Session session) {
      long start = now();
      Channel ch = openChannel(session, b.requestName, start, b.wsName, () -> run(session));
      if (ch == null) {
        return;
      }
      LinkTracker tracker = LinkTracker.on(ch);
      Pending pending = new Pending(session, start);
      long id = tracker.register(pending);
      pending.timeout = Deadlines.onLoopAfter(ch, b.timeout, () -> {
        if (tracker.forget(id)) {
          next(log(session, b.requestName, start, now(), false, null, "pong timeout"));
        }
      });
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
