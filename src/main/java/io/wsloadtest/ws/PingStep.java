package io.wsloadtest.ws;

import io.gatling.javaapi.core.Session;
import io.netty.channel.Channel;
import io.wsloadtest.gatling.GatlingInternals;
import io.wsloadtest.gatling.GatlingInternals.JavaAction;
import java.time.Duration;

/**
 * A WebSocket ping control frame as a scenario step, on the user's open connection. Gatling 3.15 cannot send
 * pings (upstream issue #4159) and ignores pongs, so this step reaches its connection ({@link GatlingInternals}).
 * It logs one request record under its name: OK with the ping/pong round trip, KO "pong timeout", or KO
 * "connection dropped..." when the connection is gone before or while waiting. The pong is matched by the
 * 8-byte payload the ping carried.
 */
public final class PingStep extends GatlingInternals.JavaActionBuilder {

  private final String requestName;
  private final Duration timeout;

  public PingStep(String requestName, Duration timeout) {
    this.requestName = requestName;
    this.timeout = timeout;
  }

  @Override
  protected JavaAction build(JavaAction.Context ctx) {
    return new PingAction(ctx);
  }

  private final class PingAction extends JavaAction {

    PingAction(Context ctx) {
      super("ping", ctx);
    }

    @Override
    protected void run(Session session) {
      long start = now();
      GatlingInternals.Connection connection = GatlingInternals.connection(session);
      if (!connection.open()) {
        ConnectionWatch w = ConnectionState.watch(session);
        String why = w != null && w.ended() ? w.endDetail()
            : connection.error() != null ? connection.error() : "no open connection (" + connection.state() + ")";
        next(log(session, requestName, start, start, false, null, "connection dropped: " + why));
        return;
      }
      Channel ch = connection.channel();
      if (!onEventLoopOf(ch, session)) {
        return;
      }
      ConnectionWatch.on(ch, this::now).ping(timeout.toMillis(), new ConnectionWatch.PingOutcome() {
        @Override
        public void pong(long atMillis) {
          guarded(session, () -> next(log(session, requestName, start, Math.max(start, atMillis), true, null, null)));
        }

        @Override
        public void failed(String why) {
          guarded(session, () -> next(log(session, requestName, start, now(), false, null, why)));
        }
      });
    }
  }
}
