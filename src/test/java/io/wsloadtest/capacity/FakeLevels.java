package io.wsloadtest.capacity;

import io.wsloadtest.compare.RequestFigures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Fast fake measurements for the search: each level's figures are a function of the level (a server with a
 * known knee, a saturated injector at some level...), and every level asked for is recorded.
 */
final class FakeLevels implements LevelRunner {

  final List<Long> asked = new ArrayList<>();
  final List<String> phases = new ArrayList<>();
  private final LongFunction<LevelFigures> figures;

  FakeLevels(LongFunction<LevelFigures> figures) {
    this.figures = figures;
  }

  @Override
  public LevelFigures run(long level, String phase) {
    asked.add(level);
    phases.add(phase);
    return figures.apply(level);
  }

  /** A server whose heartbeats answer in 5 ms up to {@code knee} connections and in 500 ms above it. */
  static FakeLevels knee(long knee) {
    return new FakeLevels(level -> heartbeat(level, level <= knee ? 5 : 500, 0, 20));
  }

  /** Figures with heartbeat p99 = p50 = p95 = {@code ms} ({@link RequestFigures#FAILED} for KO), one injector at {@code cpu} %. */
  static LevelFigures heartbeat(long level, long ms, long ko, double cpu) {
    Map<String, RequestFigures> requests = new LinkedHashMap<>();
    requests.put("connect", new RequestFigures("connect", level, 0, 2, 3, 4, 9));
    requests.put("heartbeat", new RequestFigures("heartbeat", 3 * level, ko, ms, ms, ms, ms));
    return new LevelFigures(level, level, level, requests, Map.of("connect", "level", "heartbeat", "hold"),
        100.0 * ko / (4 * level + ko), Map.of(), 0, 0, List.of(new InjectorUse(0, cpu, 5, 1, 8, 40, 60, 170)),
        "levels/" + level, "levels/" + level + "/index.html", 0, 12.0, null);
  }

  /** The same figures with one injector at these CPU, CPU-wait and GC percentages. */
  static LevelFigures withInjector(LevelFigures f, double cpu, double cpuWait, double gc) {
    return new LevelFigures(f.level(), f.offered(), f.achieved(), f.requests(), f.windows(), f.koPercent(),
        f.dropsByCause(), f.dropsPerMinute(), f.pushGaps(), List.of(new InjectorUse(0, cpu, cpuWait, gc, 8, 40, 60, 170)),
        f.runDir(), f.report(), f.launcherExitCode(), f.wallSeconds(), f.problem());
  }
}
