package io.wsloadtest.capacity;

import java.util.List;

/**
 * How a search ended, with every level it ran in order.
 *
 * @param lastGood the highest good level below firstBad; null when the first level was bad (or inconclusive)
 * @param firstBad the lowest bad level; null when no level was
 * @param inconclusive the level that stopped the search; null when none did
 */
public record SearchResult(Outcome outcome, LevelRow lastGood, LevelRow firstBad, LevelRow inconclusive,
    List<LevelRow> levels) {

  public enum Outcome {
    /** Bisected to the resolution, or every level up to the last held: lastGood is the answer. */
    COMPLETED(0, "completed"),
    /** The first level already broke an SLO: the capacity is below it. */
    BROKEN_AT_FIRST_LEVEL(5, "slo-broken-at-first-level"),
    /** A level could not be judged (injector saturated, run failed): the search stopped there. */
    INCONCLUSIVE(6, "inconclusive"),
    /** Written after each level while the search goes on (a search stopped midway leaves this). */
    RUNNING(1, "running");

    /** bin/capacity's exit code for it. */
    public final int exitCode;
    public final String jsonName;

    Outcome(int exitCode, String jsonName) {
      this.exitCode = exitCode;
      this.jsonName = jsonName;
    }
  }

  /** The SLO that broke first: the hardest-broken one at the first bad level. */
  public String firstBrokenSlo() {
    return firstBad == null ? null : firstBad.firstBroken();
  }
}
