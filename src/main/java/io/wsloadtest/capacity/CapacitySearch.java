package io.wsloadtest.capacity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The search: steps up through the levels until one breaks an SLO, then bisects between the last good and the
 * first bad level until they are at most {@code resolution} apart. A level that cannot be judged stops it:
 * an injector that was saturated measured itself, not the server.
 */
public final class CapacitySearch {

  /** CPU wait above which an injector's other troubles are put down to a busy host in the message. */
  static final double STARVED_PERCENT = 50;

  private final List<Long> stepLevels;
  private final long resolution;
  private final List<Slo> slos;
  private final double maxCpuPercent;
  private final double maxCpuWaitPercent;
  private final double maxGcPercent;
  private final java.util.function.Consumer<LevelRow> afterEachLevel;

  public CapacitySearch(List<Long> stepLevels, long resolution, List<Slo> slos, double maxCpuPercent,
      double maxCpuWaitPercent, double maxGcPercent, java.util.function.Consumer<LevelRow> afterEachLevel) {
    if (stepLevels.isEmpty() || resolution <= 0 || slos.isEmpty()) {
      throw new IllegalArgumentException("levels, a resolution > 0 and at least one SLO are needed");
    }
    this.stepLevels = List.copyOf(stepLevels);
    this.resolution = resolution;
    this.slos = List.copyOf(slos);
    this.maxCpuPercent = maxCpuPercent;
    this.maxCpuWaitPercent = maxCpuWaitPercent;
    this.maxGcPercent = maxGcPercent;
    this.afterEachLevel = afterEachLevel;
  }

  public CapacitySearch(CapacitySettings s, java.util.function.Consumer<LevelRow> afterEachLevel) {
    this(s.stepLevels(), s.resolution(), s.slos(), s.maxInjectorCpuPercent(), s.maxInjectorCpuWaitPercent(),
        s.maxInjectorGcPercent(), afterEachLevel);
  }

  public SearchResult run(LevelRunner runner) throws InterruptedException {
    List<LevelRow> rows = new ArrayList<>();
    LevelRow good = null;
    LevelRow bad = null;
    for (long level : stepLevels) {
      LevelRow row = measure(runner, level, "step", rows);
      if (row.verdict() == LevelRow.Verdict.INCONCLUSIVE) {
        return new SearchResult(SearchResult.Outcome.INCONCLUSIVE, good, null, row, rows);
      }
      if (row.verdict() == LevelRow.Verdict.BAD) {
        bad = row;
        break;
      }
      good = row;
    }
    if (bad == null) {
      return new SearchResult(SearchResult.Outcome.COMPLETED, good, null, null, rows);
    }
    if (good == null) {
      return new SearchResult(SearchResult.Outcome.BROKEN_AT_FIRST_LEVEL, null, bad, null, rows);
    }
    while (bad.level() - good.level() > resolution) {
      long mid = good.level() + (bad.level() - good.level()) / 2;
      LevelRow row = measure(runner, mid, "bisect", rows);
      switch (row.verdict()) {
        case GOOD -> good = row;
        case BAD -> bad = row;
        case INCONCLUSIVE -> {
          return new SearchResult(SearchResult.Outcome.INCONCLUSIVE, good, bad, row, rows);
        }
      }
    }
    return new SearchResult(SearchResult.Outcome.COMPLETED, good, bad, null, rows);
  }

  private LevelRow measure(LevelRunner runner, long level, String phase, List<LevelRow> rows)
      throws InterruptedException {
    LevelRow row = judge(runner.run(level, phase), phase);
    rows.add(row);
    afterEachLevel.accept(row);
    return row;
  }

  /** The verdict on one level's figures. */
  LevelRow judge(LevelFigures f, String phase) {
    if (f.problem() != null) {
      return new LevelRow(f.level(), phase, LevelRow.Verdict.INCONCLUSIVE, List.of(), f.problem(), f);
    }
    String saturated = saturation(f);
    if (saturated != null) {
      return new LevelRow(f.level(), phase, LevelRow.Verdict.INCONCLUSIVE, List.of(), saturated, f);
    }
    record Broken(Slo slo, Slo.Breach breach) {}
    List<Broken> broken = new ArrayList<>();
    for (Slo slo : slos) {
      Slo.Breach b = slo.judge(f);
      if (b != null) {
        broken.add(new Broken(slo, b));
      }
    }
    broken.sort(Comparator.comparingDouble((Broken b) -> Slo.overshoot(b.breach(), b.slo())).reversed());
    return new LevelRow(f.level(), phase, broken.isEmpty() ? LevelRow.Verdict.GOOD : LevelRow.Verdict.BAD,
        broken.stream().map(Broken::breach).toList(), null, f);
  }

  /** Why the injectors' own figures make the level unjudgeable, or null. */
  String saturation(LevelFigures f) {
    List<String> why = new ArrayList<>();
    for (InjectorUse u : f.injectors()) {
      if (u.cpuPercent() > maxCpuPercent) {
        why.add(String.format("injector shard %d used %.0f %% of a core (limit %s %%)", u.shard(), u.cpuPercent(),
            num(maxCpuPercent)));
      }
      if (u.cpuWaitPercent() > maxCpuWaitPercent) {
        why.add(String.format("injector shard %d waited for a CPU %.0f %% of the time it had work (limit %s %%; the"
            + " host is busy with other processes)", u.shard(), u.cpuWaitPercent(), num(maxCpuWaitPercent)));
      }
      if (u.gcPercent() > maxGcPercent) {
        why.add(String.format("injector shard %d spent %.1f %% of the level in GC pauses (limit %s %%)", u.shard(),
            u.gcPercent(), num(maxGcPercent)));
      }
      // Pauses and CPU stretch when the host starves the injector: say so, it is the host to fix, not the heap.
      if (!why.isEmpty() && u.cpuWaitPercent() > STARVED_PERCENT && u.cpuWaitPercent() <= maxCpuWaitPercent) {
        why.add(String.format("its threads waited for a CPU %.0f %% of the time they had work: the host is busy with"
            + " other processes", u.cpuWaitPercent()));
      }
    }
    return why.isEmpty() ? null : String.join("; ", why) + ": the injector measured itself, not the server";
  }

  private static String num(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
