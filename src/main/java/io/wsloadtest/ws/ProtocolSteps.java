package io.wsloadtest.ws;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Session;
import io.netty.channel.Channel;
import io.wsloadtest.config.ProtocolSettings;
import io.wsloadtest.gatling.GatlingInternals;
import io.wsloadtest.gatling.GatlingInternals.JavaAction;
import io.wsloadtest.protocol.Outcome;
import io.wsloadtest.protocol.ProtocolSession;
import io.wsloadtest.protocol.Sessions;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The steps that talk through a connection's {@link ProtocolSession} (graphql-transport-ws, ...): the protocol's
 * handshake after the upgrade (whose end is the connect record: the application accepted the client), heartbeats,
 * subscribe, request/reply and goodbye. Each writes one record, OK or KO with the session's message.
 */
final class ProtocolSteps {

  /** Session attribute: when the user's current connect began (Gatling's clock), for its record. */
  private static final String CONNECT_START = "wsload.connection.start";
  /** The session's handler in the pipeline, in front of the watch. */
  private static final String SESSION_HANDLER = "wsload-protocol-session";
  private static final Pattern TEMPLATE = Pattern.compile("#\\{([^}]+)}");

  private final ProtocolSettings settings;
  private final boolean keepAlive;

  ProtocolSteps(ProtocolSettings settings, boolean keepAlive) {
    this.settings = settings;
    this.keepAlive = keepAlive;
  }

  /** Before Gatling's connect: the start of the connect record, which ends when the application accepts. */
  ActionBuilder stampStart() {
    return GatlingInternals.action(ctx -> new JavaAction("connectStart", ctx) {
      @Override
      protected void run(Session session) {
        next(session.set(CONNECT_START, now()));
      }
    });
  }

  /**
   * In onConnected, after the watch: the protocol's handshake on the new connection. Accepted: an OK
   * {@code requestName} record from the connect's start. Refused or unanswered: a KO quoting the server, the
   * connection closed, the user not connected, the refusal counted as the drop cause of a failed connect.
   */
  ActionBuilder accept(String requestName) {
    return GatlingInternals.action(ctx -> new JavaAction("accept", ctx) {
      @Override
      protected void run(Session session) {
        long start = session.contains(CONNECT_START) ? session.getLong(CONNECT_START) : now();
        ConnectionWatch watch = ConnectionState.watch(session);
        if (watch == null || watch.ended()) {
          String why = watch == null ? "no open connection" : watch.endDetail();
          next(ConnectionState.refused(log(session, requestName, start, now(), false, null,
              settings.name() + " refused: connection dropped before the handshake: " + why), settings.name()
              + " refused"));
          return;
        }
        Channel ch = watch.channel();
        ProtocolSession ps = Sessions.create(settings, this::now, keepAlive);
        ch.pipeline().addBefore(ConnectionWatch.NAME, SESSION_HANDLER, ps);
        ps.open(userValues(session), settings.acceptTimeout().toMillis(), new Outcome() {
          @Override
          public void ok(long atMillis) {
            guarded(session, () -> next(log(session, requestName, start, Math.max(start, atMillis), true, null, null)));
          }

          @Override
          public void failed(String message) {
            guarded(session, () -> {
              ch.close();
              next(ConnectionState.refused(log(session, requestName, start, now(), false, null, message),
                  DropCause.ofRefusal(message)));
            });
          }
        });
      }
    });
  }

  /** One heartbeat as the protocol has it (its keep-alive, timed where it has a reply). */
  ActionBuilder heartbeat(String requestName, long timeoutMillis) {
    return exchange("heartbeat", requestName, (ps, outcome) -> ps.heartbeat(timeoutMillis, outcome));
  }

  /** The protocol's subscribe, as configured; every push it brings is measured ({@link PushMeter}). */
  ActionBuilder subscribe(long timeoutMillis) {
    return GatlingInternals.action(ctx -> new SessionStep("subscribe", Requests.SUBSCRIBE, ctx) {
      @Override
      void call(Session session, ProtocolSession ps, Outcome outcome) {
        GatlingInternals.Recorder recorder = recorder(session);
        PushMeter meter = new PushMeter(recorder::record, this::now);
        ps.subscribe(userValues(session), timeoutMillis, new ProtocolSession.Pushes() {
          @Override
          public void push(String payload, long atMillis) {
            meter.measure(payload, atMillis);
          }

          @Override
          public void error(String message, long atMillis) {
            recorder.record(Requests.SUBSCRIPTION_ERROR, atMillis, atMillis, false, message);
          }
        }, outcome);
      }
    });
  }

  /** A request the server answers, carrying the payload {@code payload} gives: one record, the round trip. */
  ActionBuilder request(Function<Session, String> payload, String requestName, long timeoutMillis) {
    return GatlingInternals.action(ctx -> new SessionStep("request", requestName, ctx) {
      @Override
      void call(Session session, ProtocolSession ps, Outcome outcome) {
        ps.request(payload.apply(session), timeoutMillis, outcome);
      }
    });
  }

  /**
   * The protocol's goodbye before the kit's close; nothing when the connection is already gone. Where the server
   * ends the connection in answer (MQTT), that end is the "close" record and the kit's close finds nothing to do.
   */
  ActionBuilder goodbye(long timeoutMillis) {
    return GatlingInternals.action(ctx -> new JavaAction("goodbye", ctx) {
      @Override
      protected void run(Session session) {
        ConnectionWatch watch = ConnectionState.watch(session);
        ProtocolSession ps = watch == null ? null : (ProtocolSession) watch.channel().pipeline().get(SESSION_HANDLER);
        if (ps == null || !watch.channel().isActive()) {
          next(session);
          return;
        }
        long start = now();
        ps.goodbye(timeoutMillis, new ProtocolSession.Farewell() {
          @Override
          public void closedByServer(long atMillis) {
            guarded(session, () -> next(log(session, Requests.CLOSE, start, Math.max(start, atMillis), true, null,
                null)));
          }

          @Override
          public void clientCloses() {
            guarded(session, () -> next(session));
          }
        });
      }
    });
  }

  private ActionBuilder exchange(String kind, String requestName, BiConsumer<ProtocolSession, Outcome> call) {
    return GatlingInternals.action(ctx -> new SessionStep(kind, requestName, ctx) {
      @Override
      void call(Session session, ProtocolSession ps, Outcome outcome) {
        call.accept(ps, outcome);
      }
    });
  }

  /** A step through the user's protocol session: one record named {@code requestName}, from the call to its outcome. */
  private abstract static class SessionStep extends JavaAction {
    private final String requestName;

    SessionStep(String kind, String requestName, Context ctx) {
      super(kind, ctx);
      this.requestName = requestName;
    }

    abstract void call(Session session, ProtocolSession ps, Outcome outcome);

    @Override
    protected void run(Session session) {
      long start = now();
      ConnectionWatch watch = ConnectionState.watch(session);
      ProtocolSession ps = watch == null ? null : (ProtocolSession) watch.channel().pipeline().get(SESSION_HANDLER);
      if (ps == null || watch.ended()) {
        String why = watch == null ? "no open connection" : watch.endDetail();
        next(log(session, requestName, start, start, false, null, "connection dropped: " + why));
        return;
      }
      call(session, ps, new Outcome() {
        @Override
        public void ok(long atMillis) {
          guarded(session, () -> next(log(session, requestName, start, Math.max(start, atMillis), true, null, null)));
        }

        @Override
        public void ok(long fromMillis, long atMillis) {
          long end = Math.max(start, atMillis);
          long from = Math.min(Math.max(start, fromMillis), end);
          guarded(session, () -> next(log(session, requestName, from, end, true, null, null)));
        }

        @Override
        public void failed(String message) {
          guarded(session, () -> next(log(session, requestName, start, now(), false, null, message)));
        }
      });
    }
  }

  /** This user's values for the configuration's #{column} templates (its row of wsload.handshake.users-csv). */
  static UnaryOperator<String> userValues(Session session) {
    return template -> {
      Matcher m = TEMPLATE.matcher(template);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String column = m.group(1);
        if (!session.contains(column)) {
          throw new IllegalStateException("no value for #{" + column + "}: not a column of wsload.handshake.users-csv");
        }
        m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((Object) session.get(column))));
      }
      return m.appendTail(out).toString();
    };
  }
}
