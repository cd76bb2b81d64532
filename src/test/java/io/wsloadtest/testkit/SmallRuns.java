package io.wsloadtest.testkit;

import io.wsloadtest.shards.GatlingCommand;
import java.nio.file.Path;

/** Real simulation.log files of small runs, for tests of what reads them. */
public final class SmallRuns {

  private SmallRuns() {}

  /** Runs ConnectSimulation with {@code users} against the embedded server; returns its simulation.log. */
  public static Path connectLog(Path resultsFolder, int users) throws Exception {
    GatlingRun run = GatlingRun.run("Connect", resultsFolder, false, "users", "" + users, "ramp", "1s", "hold", "1s");
    if (run.exitCode != 0) {
      throw new AssertionError("the small run failed:\n" + run.output);
    }
    return GatlingCommand.runFolder(resultsFolder).resolve("simulation.log");
  }
}
