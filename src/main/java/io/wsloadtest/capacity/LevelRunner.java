package io.wsloadtest.capacity;

/** Runs one level and measures it: a bin/launch run in real searches, a function of the level in tests. */
public interface LevelRunner {

  /**
   * @param phase "step" or "bisect", for the runner's own naming and output
   * @return the level's figures, or {@link LevelFigures#failed} when its run could not be measured
   */
  LevelFigures run(long level, String phase) throws InterruptedException;
}
