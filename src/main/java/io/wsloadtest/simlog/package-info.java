/**
 * Gatling 3.15.1's binary simulation.log: read ({@link io.wsloadtest.simlog.LogReader}), written
 * ({@link io.wsloadtest.simlog.LogWriter}), merged across shards ({@link io.wsloadtest.simlog.SimulationLogMerger})
 * and counted ({@link io.wsloadtest.simlog.RunStatistics}). Depends on the JDK only, so every other package may use it.
 */
package io.wsloadtest.simlog;
