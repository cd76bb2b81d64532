package io.wsloadtest.capacity;

import java.util.List;

/**
 * One level of a search as judged: good (every SLO held), bad (at least one broke) or inconclusive (the
 * injectors measured themselves, or the run could not be measured), with its figures.
 *
 * @param phase "step" while stepping up, "bisect" between the last good and the first bad level
 * @param broken the SLOs the level broke, the one furthest over its limit first
 * @param reason why it is inconclusive; null otherwise
 */
public record LevelRow(long level, String phase, Verdict verdict, List<Slo.Breach> broken, String reason,
    LevelFigures figures) {

  public enum Verdict { GOOD, BAD, INCONCLUSIVE }

  /** The SLO that broke hardest, or null. */
  public String firstBroken() {
    return broken.isEmpty() ? null : broken.get(0).slo();
  }
}
