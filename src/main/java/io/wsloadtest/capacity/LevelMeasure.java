package io.wsloadtest.capacity;

import io.wsloadtest.compare.RequestFigures;
import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.ws.DropTable;
import io.wsloadtest.ws.Requests;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A level's figures from its merged simulation.log, read twice: whole (connects, counts, drops) and over its hold
 * (heartbeats, echoes, pushes once every user has arrived, away from the ramp and a cold start). The hold is the
 * planned one: from the run's start plus the injection's duration, for the hold's length, whatever happened.
 */
final class LevelMeasure {

  private LevelMeasure() {}

  /** Requests measured over the whole level whatever the hold holds: they happen while users arrive. */
  static final List<String> WHOLE_LEVEL = List.of(Requests.CONNECT, Requests.RECONNECT);

  static LevelFigures figures(long level, Dimension dimension, RunStatistics whole, RunStatistics held,
      Duration injection, Duration hold, List<InjectorUse> injectors, String runDir, String report, int exitCode,
      double wallSeconds) {
    Map<String, RequestFigures> requests = new LinkedHashMap<>();
    Map<String, String> windows = new LinkedHashMap<>();
    for (String name : whole.requests.keySet()) {
      boolean inHold = !WHOLE_LEVEL.contains(name) && held.ok(name) + held.ko(name) > 0;
      requests.put(name, RequestFigures.of(inHold ? held : whole, name));
      windows.put(name, inHold ? "hold" : "level");
    }
    long all = whole.totalOk() + whole.totalKo();
    double koPercent = all == 0 ? 0 : 100.0 * whole.totalKo() / all;
    DropTable drops = DropTable.from(whole);
    double minutes = Math.max(1, injection.plus(hold).toMillis()) / 60_000.0;
    long gaps = whole.ok(Requests.PUSH_GAP) + whole.ko(Requests.PUSH_GAP);
    return new LevelFigures(level, level, achieved(dimension, whole, held, injection, hold), requests, windows,
        koPercent, drops.byCause, drops.total() / minutes, gaps, injectors, runDir, report, exitCode, wallSeconds, null);
  }

  /** The level as reached, in its dimension's unit. */
  static double achieved(Dimension dimension, RunStatistics whole, RunStatistics held, Duration injection,
      Duration hold) {
    return switch (dimension) {
      case CONNECTIONS -> whole.peakOpen();
      case CONNECT_RATE -> whole.ok(Requests.CONNECT) / Math.max(0.001, injection.toMillis() / 1000.0);
      case MESSAGES_PER_SECOND -> (held.ok(Requests.SAME_TEXT_BACK) + held.ok(Requests.SAME_BYTES_BACK))
          / Math.max(0.001, hold.toMillis() / 1000.0);
    };
  }
}
