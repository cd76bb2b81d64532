package io.wsloadtest.capacity;

import io.wsloadtest.compare.RequestFigures;
import java.util.List;
import java.util.Map;

/**
 * What one level's run measured, exact (see {@link RequestFigures#METHOD}); connect and reconnect over the whole
 * level, the other requests over its hold where they have records there.
 *
 * @param offered the level as planned, in its dimension's unit
 * @param achieved what the run reached in the same unit (connections open at once at the peak, connections
 *     established per second of the ramp, or echoes answered per second of the hold)
 * @param problem why the level could not be measured (its run failed or was killed); null when it was
 */
public record LevelFigures(long level, double offered, double achieved, Map<String, RequestFigures> requests,
    Map<String, String> windows, double koPercent, Map<String, Long> dropsByCause, double dropsPerMinute,
    long pushGaps, List<InjectorUse> injectors, String runDir, String report, int launcherExitCode,
    double wallSeconds, String problem) {

  /** A level whose run could not be measured. */
  static LevelFigures failed(long level, String runDir, int exitCode, double wallSeconds, String problem) {
    return new LevelFigures(level, level, 0, Map.of(), Map.of(), 0, Map.of(), 0, 0, List.of(), runDir, null, exitCode,
        wallSeconds, problem);
  }

  /** The figures of the first of these requests the run made, or null. */
  RequestFigures request(List<String> names) {
    for (String n : names) {
      RequestFigures f = requests.get(n);
      if (f != null && f.count() > 0) {
        return f;
      }
    }
    return null;
  }
}
