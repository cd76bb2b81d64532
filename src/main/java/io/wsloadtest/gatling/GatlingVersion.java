package io.wsloadtest.gatling;

import io.gatling.http.client.WebSocketListener;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The one start-up check of the Gatling coupling: the Gatling on the class path is the one this package was
 * written against, and the internals it reaches are there. A mismatch refuses the run before load with one
 * message, instead of each internal failing its own way in the middle of a run.
 */
public final class GatlingVersion {

  /** The Gatling release whose internals this package reads. */
  public static final String BUILT_FOR = "3.15.1";

  private GatlingVersion() {}

  /** The version Gatling says it is (its gatling-version.properties), or "unknown". */
  public static String onClassPath() {
    try (InputStream in = io.gatling.commons.util.Clock.class.getResourceAsStream("/gatling-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Null when all is as expected, else one message saying what differs and what to do. */
  public static String problem() {
    return problem(onClassPath());
  }

  static String problem(String version) {
    List<String> missing = new ArrayList<>();
    require(missing, "io.gatling.http.action.ws.fsm.WsState");
    require(missing, "io.gatling.http.client.LocalAddresses");
    require(missing, "io.gatling.core.action.BlockExit");
    if (!hasFieldOfType(WebSocketListener.class, Channel.class)) {
      missing.add("a Channel field in " + WebSocketListener.class.getName());
    }
    if (!hasFieldOfType(io.gatling.core.CoreComponents.class, io.gatling.core.stats.StatsEngine.class)) {
      missing.add("a StatsEngine field in io.gatling.core.CoreComponents");
    }
    try {
      io.gatling.core.stats.DataWritersStatsEngine.class.getDeclaredField(BatchedWriter.WRITERS_FIELD);
    } catch (NoSuchFieldException | LinkageError e) {
      missing.add("the " + BatchedWriter.WRITERS_FIELD + " field of io.gatling.core.stats.DataWritersStatsEngine");
    }
    if (version.equals(BUILT_FOR) && missing.isEmpty()) {
      return null;
    }
    return "Gatling " + version + " is on the class path, but ws-loadtest's Gatling adapter (package"
        + " io.wsloadtest.gatling) is built for Gatling " + BUILT_FOR
        + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing))
        + ". Use Gatling " + BUILT_FOR + " (gatling.version in pom.xml), or port that package to " + version + ".";
  }

  private static void require(List<String> missing, String className) {
    try {
      Class.forName(className, false, GatlingVersion.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      missing.add(className);
    }
  }

  private static boolean hasFieldOfType(Class<?> c, Class<?> type) {
    for (var f : c.getDeclaredFields()) {
      if (type.isAssignableFrom(f.getType())) {
        return true;
      }
    }
    return false;
  }
}
