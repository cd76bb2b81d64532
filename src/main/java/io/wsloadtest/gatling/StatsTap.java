package io.wsloadtest.gatling;

import io.gatling.commons.stats.OK$;
import io.gatling.commons.stats.Status;
import io.gatling.core.CoreComponents;
import io.gatling.core.actor.ActorRef;
import io.gatling.core.controller.Controller;
import io.gatling.core.session.GroupBlock;
import io.gatling.core.stats.DataWritersStatsEngine;
import io.gatling.core.stats.StatsEngine;
import io.netty.channel.ChannelHandler;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import scala.Option;
import scala.collection.immutable.List;

/**
 * Every request record Gatling writes (its own WebSocket actions and checks, this kit's steps, whatever a
 * scenario adds) is also handed to a {@link Listener}: live metrics see exactly what the report sees, and a
 * scenario step needs no wrapper to be counted. Installed by an action placed last in a scenario: Gatling
 * builds a chain from its end, so that action is built before every other one and swaps the run's
 * {@code CoreComponents.statsEngine} for this delegating engine (a Gatling internal, see GatlingVersion), and
 * puts {@link BatchedWriter}s in front of Gatling's data writers. The listener sees each record at once.
 */
public final class StatsTap implements StatsEngine {

  /** One request record: its name, OK or KO, start and end (epoch ms), the KO message or null. */
  @FunctionalInterface
  public interface Listener {
    void response(String request, boolean ok, long start, long end, String message);
  }

  /**
   * Suffix of the request name of a WebSocket upgrade that is only the first half of a connect (an application
   * protocol's handshake follows, and the kit writes the connect record when it ends): its OK records are left
   * out, its KO records are the connect's own, under the name without the suffix.
   */
  public static final String UPGRADE = " (upgrade)";

  private final StatsEngine delegate;
  private final Listener listener;

  private StatsTap(StatsEngine delegate, Listener listener) {
    this.delegate = delegate;
    this.listener = listener;
  }

  /** An action builder that installs the tap when Gatling builds the scenario, and adds no action. */
  public static io.gatling.javaapi.core.ActionBuilder installer(Listener listener) {
    return () -> (ctx, next) -> {
      install(ctx.coreComponents(), listener);
      return next;
    };
  }

  private static synchronized void install(CoreComponents core, Listener listener) {
    try {
      Field field = null;
      for (Field f : CoreComponents.class.getDeclaredFields()) {
        if (StatsEngine.class.isAssignableFrom(f.getType())) {
          field = f;
        }
      }
      if (field == null) {
        throw new NoSuchFieldException("StatsEngine in CoreComponents");
      }
      field.setAccessible(true);
      if (!(field.get(core) instanceof StatsTap)) {
        StatsEngine engine = (StatsEngine) field.get(core);
        if (engine instanceof DataWritersStatsEngine writers) {
          BatchedWriter.install(writers); // the controller stops this engine itself: batches are in front of it
        }
        field.set(core, new StatsTap(engine, listener));
      }
      GracefulStop.remember(core); // the run this scenario belongs to, so a stopping JVM can end it cleanly
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new GatlingInternals.Unsupported("cannot tap the stats engine: " + e, e);
    }
  }

  @Override
  public void logResponse(String scenario, List<String> groups, String request, long start, long end, Status status,
      Option<String> code, Option<String> message) {
    if (request.endsWith(UPGRADE)) {
      if (status == OK$.MODULE$) {
        return;
      }
      request = request.substring(0, request.length() - UPGRADE.length());
    }
    delegate.logResponse(scenario, groups, request, start, end, status, code, message);
    listener.response(request, status == OK$.MODULE$, start, end, message.isDefined() ? message.get() : null);
  }

  @Override
  public void start() {
    delegate.start();
  }

  @Override
  public void stop(ActorRef<Controller.Command> controller, Option<Exception> exception) {
    delegate.stop(controller, exception);
  }

  @Override
  public void logUserStart(String scenario) {
    delegate.logUserStart(scenario);
  }

  @Override
  public void logUserEnd(String scenario) {
    delegate.logUserEnd(scenario);
  }

  @Override
  public void logGroupEnd(String scenario, GroupBlock groupBlock, long exitTimestamp) {
    delegate.logGroupEnd(scenario, groupBlock, exitTimestamp);
  }

  @Override
  public void logRequestCrash(String scenario, List<String> groups, String request, String error) {
    delegate.logRequestCrash(scenario, groups, request, error);
  }

  @Override
  public ChannelHandler statsChannelHandler(String name) {
    return delegate.statsChannelHandler(name);
  }

  @Override
  public void logTcpConnectAttempt(InetSocketAddress address) {
    delegate.logTcpConnectAttempt(address);
  }

  @Override
  public void logTcpConnect(String host, long start, long end, Option<String> error) {
    delegate.logTcpConnect(host, start, end, error);
  }

  @Override
  public void logTlsHandshake(String host, long start, long end, Option<String> error) {
    delegate.logTlsHandshake(host, start, end, error);
  }
}
