package io.wsloadtest.gatling;

import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.commons.util.Clock;
import io.gatling.core.action.Action;
import io.gatling.core.action.BlockExit;
import io.gatling.core.session.Session;
import io.gatling.core.stats.StatsEngine;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.http.client.LocalAddresses;
import io.gatling.http.client.WebSocket;
import io.gatling.http.client.WebSocketListener;
import io.netty.channel.Channel;
import java.lang.reflect.Field;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import scala.Option;

/**
 * Everything the kit takes from Gatling 3.15.1 beyond its public Java DSL, kept in this package
 * ({@link GatlingVersion} checks it once at start-up; {@link StatsTap} feeds live metrics from Gatling's records).
 * Gatling has no ping DSL (upstream issue #4159), drops pongs ({@code WsListener.onPongFrame} only logs) and
 * forgets close codes of idle connections, so the kit's steps need:
 * <ul>
 *   <li>custom actions: the Scala trait {@code io.gatling.core.action.Action} implemented from Java (with the
 *       two {@code StrictLogging} members), built through {@code io.gatling.javaapi.core.ActionBuilder#asScala};
 *       {@code BlockExit.mustExit} (Scala-private, public in bytecode) to honour exitASAP loops and tryMax;
 *       {@code StatsEngine.logResponse} to write request records, as Gatling's own WsState.logResponse does;</li>
 *   <li>the user's connection: the {@code WsFsm} stored under the session attribute {@code gatling.http.webSocket}
 *       (private {@code Ws.DefaultWebSocketName}), its field of type {@code WsState}, the state's field of
 *       type {@code io.gatling.http.client.WebSocket} (WsIdleState, WsPerformingCheckState), the
 *       {@code Option[String]} error of WsCrashedState, and WebSocketListener's {@code Channel} field.
 *       Fields are found by type, not by name;</li>
 *   <li>the name of Gatling's WebSocket handler in the channel pipeline, {@code "app-ws"};</li>
 *   <li>the session attribute in which the HTTP protocol keeps a user's local address, and its
 *       {@code LocalAddresses} value.</li>
 * </ul>
 * If a lookup fails after a Gatling upgrade, {@link #connection} throws {@link Unsupported} with what was
 * missing and the steps turn it into a KO carrying that message: a run never hangs on it.
 */
public final class GatlingInternals {

  /** io.gatling.http.action.ws.Ws.DefaultWebSocketName (private in Gatling). */
  public static final String DEFAULT_WS_NAME = "gatling.http.webSocket";
  /** io.gatling.http.client.impl.DefaultHttpClient's name for its WebSocketHandler. */
  public static final String GATLING_WS_HANDLER = "app-ws";

  /** Where Gatling keeps a user's local address (set per user by the HTTP protocol from localAddresses). */
  static final String LOCAL_ADDRESSES_ATTRIBUTE = "gatling.http.cache.localAddresses";

  private GatlingInternals() {}

  /** Binds this user's connections to {@code ip} (the protocol must have localAddresses enabled). */
  public static io.gatling.javaapi.core.Session withLocalAddress(io.gatling.javaapi.core.Session session, InetAddress ip) {
    InetSocketAddress local = new InetSocketAddress(ip, 0);
    return session.set(LOCAL_ADDRESSES_ATTRIBUTE, ip instanceof Inet4Address
        ? new LocalAddresses(local, local, local, null, null, null)
        : new LocalAddresses(null, null, null, local, local, local));
  }

  /** Gatling's internals are not what this class expects (another Gatling version?). */
  public static final class Unsupported extends RuntimeException {
    Unsupported(String message, Throwable cause) {
      super("Gatling internals changed, the kit's steps need Gatling " + GatlingVersion.BUILT_FOR + ": " + message, cause);
    }
  }

  /**
   * What Gatling holds for a user's WebSocket connection: the FSM (null when the session has none), the channel
   * when the connection is open, the FSM state's simple name, and the error a crashed state keeps (e.g.
   * "Connection refused"), null when none.
   */
  public record Connection(Object fsm, Channel channel, String state, String error) {
    public boolean open() {
      return channel != null && channel.isActive();
    }
  }

  /** Per class, found once: each lookup copies the class's field array, and the ping step asks on every beat. */
  private static final ClassValue<Optional<Field>> FSM_STATE = byType("io.gatling.http.action.ws.fsm.WsState");
  private static final ClassValue<Optional<Field>> STATE_SOCKET = byType(WebSocket.class);
  private static final ClassValue<Optional<Field>> STATE_ERROR = byType(Option.class);
  private static final ClassValue<Optional<Field>> LISTENER_CHANNEL = byType(Channel.class);

  /** The user's connection as Gatling holds it (the default WebSocket name); throws {@link Unsupported}. */
  public static Connection connection(io.gatling.javaapi.core.Session session) {
    Option<Object> fsmOption = session.asScala().attributes().get(DEFAULT_WS_NAME);
    if (fsmOption.isEmpty()) {
      return new Connection(null, null, "none", null);
    }
    Object fsm = fsmOption.get();
    try {
      Object state = required(FSM_STATE, fsm.getClass(), "io.gatling.http.action.ws.fsm.WsState").get(fsm);
      String stateName = state.getClass().getSimpleName();
      Optional<Field> wsField = STATE_SOCKET.get(state.getClass());
      if (wsField.isEmpty()) {
        // WsCrashedState keeps Option[String] errorMessage; connecting/closing/closed states keep nothing.
        Optional<Field> error = STATE_ERROR.get(state.getClass());
        Option<?> message = error.isEmpty() ? Option.empty() : (Option<?>) error.get().get(state);
        return new Connection(fsm, null, stateName, message.isDefined() ? String.valueOf(message.get()) : null);
      }
      Field channel = required(LISTENER_CHANNEL, WebSocketListener.class, Channel.class.getName());
      return new Connection(fsm, (Channel) channel.get(wsField.get().get(state)), stateName, null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new Unsupported(e.toString(), e);
    }
  }

  private static Field required(ClassValue<Optional<Field>> fields, Class<?> c, String type) throws NoSuchFieldException {
    return fields.get(c).orElseThrow(() -> new NoSuchFieldException("no field of type " + type + " in " + c.getName()));
  }

  private static ClassValue<Optional<Field>> byType(Class<?> type) {
    return byType(type.getName());
  }

  private static ClassValue<Optional<Field>> byType(String typeName) {
    return new ClassValue<>() {
      @Override
      protected Optional<Field> computeValue(Class<?> c) {
        try {
          return findFieldOfType(c, Class.forName(typeName, false, GatlingInternals.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
          return Optional.empty();
        }
      }
    };
  }

  private static Optional<Field> findFieldOfType(Class<?> c, Class<?> type) {
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (type.isAssignableFrom(f.getType())) {
          f.setAccessible(true);
          return Optional.of(f);
        }
      }
    }
    return Optional.empty();
  }

  /** An action of the Java DSL made from a factory of {@link JavaAction}s. */
  public static io.gatling.javaapi.core.ActionBuilder action(Function<JavaAction.Context, JavaAction> factory) {
    return () -> (ScenarioContext ctx, Action next) -> factory.apply(
        new JavaAction.Context(ctx.coreComponents().statsEngine(), ctx.coreComponents().clock(), next));
  }

  /**
   * A chain made when Gatling builds the scenario rather than when the DSL is called, so that it can hold what
   * the simulation declares later in its constructor (e.g. every chain that must follow a connect).
   */
  public static io.gatling.javaapi.core.ActionBuilder deferred(
      java.util.function.Supplier<io.gatling.javaapi.core.ChainBuilder> chain) {
    return () -> (ScenarioContext ctx, Action next) -> chain.get().wrapped.build(ctx, next);
  }

  /** A Java DSL action builder whose actions are {@link JavaAction}s, for steps with their own options. */
  public abstract static class JavaActionBuilder implements io.gatling.javaapi.core.ActionBuilder {
    protected abstract JavaAction build(JavaAction.Context ctx);

    @Override
    public final io.gatling.core.action.builder.ActionBuilder asScala() {
      return action(this::build).asScala();
    }
  }

  /** Writes request records for one user from outside its actions (e.g. a pipeline handler). */
  public static final class Recorder {
    private final StatsEngine statsEngine;
    private final String scenario;
    private final scala.collection.immutable.List<String> groups;

    private Recorder(StatsEngine statsEngine, Session session) {
      this.statsEngine = statsEngine;
      this.scenario = session.scenario();
      this.groups = session.groups();
    }

    /** One request record, as Gatling's own WebSocket actions write them. */
    public void record(String request, long start, long end, boolean ok, String message) {
      statsEngine.logResponse(scenario, groups, request, start, end, ok ? OK$.MODULE$ : KO$.MODULE$, Option.empty(),
          Option.apply(message));
    }
  }

  /**
   * A Gatling action written in Java against the Java DSL's Session. Runs on the user's event loop;
   * {@link #run} must hand the session on with {@link #next} exactly once, now or later (e.g. when a pong
   * arrives). An exception or linkage error it throws, or one thrown by a callback run through {@link #guarded},
   * is a KO for that user (request "failed step", the cause as message), who carries on.
   */
  public abstract static class JavaAction implements Action {

    public record Context(StatsEngine statsEngine, Clock clock, Action next) {}

    private static final AtomicLong IDS = new AtomicLong();
    /** Request name of a step that threw; its message names the step and the exception. */
    public static final String FAILED_STEP = "failed step";
    private final String name;
    private final String kind;
    private final StatsEngine statsEngine;
    private final Clock clock;
    private final Action next;
    private com.typesafe.scalalogging.Logger logger =
        com.typesafe.scalalogging.Logger.apply(org.slf4j.LoggerFactory.getLogger(getClass()));

    protected JavaAction(String kind, Context ctx) {
      this.name = kind + "-" + IDS.incrementAndGet();
      this.kind = kind;
      this.statsEngine = ctx.statsEngine();
      this.clock = ctx.clock();
      this.next = ctx.next();
    }

    protected abstract void run(io.gatling.javaapi.core.Session session);

    @Override
    public final void execute(Session session) {
      // As io.gatling.core.action.ExitableAction: leave tryMax/exitBlockOnFail blocks and exitASAP loops.
      Option<BlockExit> exit = BlockExit.mustExit(session);
      if (exit.isDefined()) {
        exit.get().exitBlock(statsEngine, clock.nowMillis());
        return;
      }
      io.gatling.javaapi.core.Session s = new io.gatling.javaapi.core.Session(session);
      guarded(s, () -> run(s));
    }

    /** Re-runs this step later, e.g. on the connection's event loop: as if Gatling had called it then. */
    protected void execute(io.gatling.javaapi.core.Session session) {
      execute(session.asScala());
    }

    /**
     * True when called on {@code channel}'s event loop; otherwise false, and this step runs again there. Gatling
     * connects on the user's event loop, so for a step on the user's connection this is a safety net only.
     */
    protected boolean onEventLoopOf(Channel channel, io.gatling.javaapi.core.Session session) {
      if (channel.eventLoop().inEventLoop()) {
        return true;
      }
      channel.eventLoop().execute(() -> execute(session));
      return false;
    }

    /**
     * Runs {@code body} (this step's run, or a callback of it: a pong, a timeout) so that an exception or
     * linkage error costs this user a KO with the cause and hands the session on, rather than costing the JVM
     * (Gatling's fatal path) or the user (never handed on). The body must not have handed the session on yet.
     */
    protected void guarded(io.gatling.javaapi.core.Session session, Runnable body) {
      try {
        body.run();
      } catch (RuntimeException | LinkageError e) {
        failed(session, e);
      }
    }

    /** This step met {@code e}: a KO for the user, with the cause, who is handed on. */
    protected void failed(io.gatling.javaapi.core.Session session, Throwable e) {
      long now = clock.nowMillis();
      next(log(session, FAILED_STEP, now, now, false, null, kind + " step failed: " + e));
    }

    /** Writes one request record as Gatling's WsState.logResponse does; a KO marks the session failed. */
    protected io.gatling.javaapi.core.Session log(io.gatling.javaapi.core.Session session, String request, long start,
        long end, boolean ok, String code, String message) {
      Session scala = session.asScala();
      statsEngine.logResponse(scala.scenario(), scala.groups(), request, start, end,
          ok ? OK$.MODULE$ : KO$.MODULE$, Option.apply(code), Option.apply(message));
      Session s = scala.logGroupRequestTimings(start, end);
      return new io.gatling.javaapi.core.Session(ok ? s : s.markAsFailed());
    }

    /** An error record (the report's error table, not a request) for something the user could not do. */
    protected void crash(io.gatling.javaapi.core.Session session, String request, String message) {
      statsEngine.logRequestCrash(session.asScala().scenario(), session.asScala().groups(), request, message);
    }

    /** Records for this user written later, from elsewhere (same scenario and groups). */
    protected Recorder recorder(io.gatling.javaapi.core.Session session) {
      return new Recorder(statsEngine, session.asScala());
    }

    public long now() {
      return clock.nowMillis();
    }

    protected void next(io.gatling.javaapi.core.Session session) {
      next.$bang(session.asScala());
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public com.typesafe.scalalogging.Logger logger() {
      return logger;
    }

    @Override
    public void com$typesafe$scalalogging$StrictLogging$_setter_$logger_$eq(com.typesafe.scalalogging.Logger l) {
      this.logger = l;
    }
  }
}
