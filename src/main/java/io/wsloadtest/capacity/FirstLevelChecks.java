package io.wsloadtest.capacity;

import java.util.List;

/**
 * For a simulation of the user's own, whose requests are not known before load: after the first level, an SLO
 * on a request that level never made is refused (the search stops there, exit 3), naming the key.
 */
final class FirstLevelChecks implements LevelRunner {

  static final String PREFIX = "refused after the first level: ";

  private final LevelRunner runner;
  private final List<Slo> slos;
  private boolean first = true;

  FirstLevelChecks(LevelRunner runner, List<Slo> slos) {
    this.runner = runner;
    this.slos = slos;
  }

  @Override
  public LevelFigures run(long level, String phase) throws InterruptedException {
    LevelFigures f = runner.run(level, phase);
    if (first && f.problem() == null) {
      first = false;
      for (Slo slo : slos) {
        if (!slo.kind().requests.isEmpty() && slo.kind().requests.stream().noneMatch(f.requests()::containsKey)) {
          return LevelFigures.failed(level, f.runDir(), f.launcherExitCode(), f.wallSeconds(), PREFIX
              + "wsload.capacity.slo." + slo.kind().key + " = " + slo.written() + ": the simulation made no "
              + String.join(" or ", slo.kind().requests) + " request at its first level (it made "
              + String.join(", ", f.requests().keySet()) + ")");
        }
      }
    }
    return f;
  }
}
