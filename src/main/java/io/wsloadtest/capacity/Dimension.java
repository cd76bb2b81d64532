package io.wsloadtest.capacity;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a level counts, and the launcher settings that make a run of that level. */
public enum Dimension {
  /** Connections held at once: -Dwsload.users=LEVEL, arriving as the run's injection says. */
  CONNECTIONS("connections", "connections"),
  /** New connections per second: a rate injection at LEVEL/s for rate-duration. */
  CONNECT_RATE("connect-rate", "connections/s"),
  /** EchoSimulation's echoes per second, all users together: each user echoes every users/LEVEL seconds. */
  MESSAGES_PER_SECOND("messages-per-second", "messages/s");

  public final String configName;
  public final String unit;

  Dimension(String configName, String unit) {
    this.configName = configName;
    this.unit = unit;
  }

  static Dimension parse(String s) {
    for (Dimension d : values()) {
      if (d.configName.equals(s)) {
        return d;
      }
    }
    throw new IllegalArgumentException("must be connections, connect-rate or messages-per-second");
  }

  /** The settings a level's run gets on top of the user's own; they replace any the user gave for these keys. */
  Map<String, String> settings(long level, Duration hold, Duration rateDuration, int users) {
    Map<String, String> s = new LinkedHashMap<>();
    switch (this) {
      case CONNECTIONS -> s.put("wsload.users", "" + level);
      case CONNECT_RATE -> {
        s.put("wsload.injection.type", "rate");
        s.put("wsload.injection.rate", "" + level);
        s.put("wsload.users", "" + usersAtRate(level, rateDuration));
      }
      case MESSAGES_PER_SECOND -> {
        s.put("wsload.echo.interval", echoIntervalMillis(level, users) + "ms");
        s.put("wsload.echo.count", "0");
      }
    }
    s.put("wsload.hold", hold.toMillis() + "ms");
    return s;
  }

  /** Keys a level sets, with their short forms: the user's values for them are not passed on. */
  static final List<String> LEVEL_KEYS = List.of("wsload.users", "users", "wsload.hold", "hold",
      "wsload.injection.type", "wsload.injection.rate", "wsload.echo.interval", "wsload.echo.count");

  static long usersAtRate(long rate, Duration rateDuration) {
    return Math.max(1, (long) Math.ceil(rate * rateDuration.toMillis() / 1000.0));
  }

  static long echoIntervalMillis(long messagesPerSecond, int users) {
    return Math.max(1, Math.round(users * 1000.0 / messagesPerSecond));
  }
}
