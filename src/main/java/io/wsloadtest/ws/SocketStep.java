package io.wsloadtest.ws;

import io.gatling.javaapi.core.Session;
import io.netty.channel.Channel;
import io.wsloadtest.gatling.GatlingInternals;
import io.wsloadtest.gatling.GatlingInternals.JavaAction;

/** A step that writes a frame on the user's open Gatling WebSocket and awaits its reply (the ping step). */
abstract class SocketStep extends JavaAction {

  SocketStep(String kind, Context ctx) {
    super(kind, ctx);
  }

  /**
   * The user's open channel, on its event loop; or null once this step has handed the user on: with a KO
   * "socket closed: ..." under {@code request} when there is no open socket, or to {@code retry} on the
   * channel's event loop when called from elsewhere (Gatling connects on the user's loop: a safety net).
   */
  Channel openChannel(Session session, String request, long start, String wsName, Runnable retry) {
    GatlingInternals.Socket socket;
    try {
      socket = GatlingInternals.socket(session, wsName);
    } catch (GatlingInternals.Unsupported e) {
      next(log(session, request, start, start, false, null, e.getMessage()));
      return null;
    }
    if (!socket.open()) {
      LinkTracker t = Liveness.tracker(session);
      String why = t != null && t.closed() ? t.closeDetail()
          : socket.crashMessage() != null ? socket.crashMessage() : "no open WebSocket (" + socket.state() + ")";
      next(log(session, request, start, start, false, null, "socket closed: " + why));
      return null;
    }
    Channel ch = socket.channel();
    if (!ch.eventLoop().inEventLoop()) {
      ch.eventLoop().execute(retry);
      return null;
    }
    return ch;
  }
}
