package io.wsloadtest.shards;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges shards that ran elsewhere (one per machine, or a Kubernetes Indexed Job writing to a shared volume):
 * <pre>bin/merge-shards RUN_DIR [SIMULATION] [PLANNED_USERS] [--run-id ID] [--partial]</pre>
 * (PLANNED_USERS defaults to the users the shards recorded)
 * reads RUN_DIR/shard-N/ (each a Gatling results folder with the shard's shard.json) and writes RUN_DIR/merged/
 * (one HTML report) and RUN_DIR/run-summary.json, exactly as bin/launch does. Shards of another run, twice the
 * same index or missing indices are refused before anything is merged; --partial accepts missing ones and says
 * so. Exit codes: {@link ExitCodes}.
 */
public final class MergeMain {

  static final String USAGE = "usage: bin/merge-shards RUN_DIR [SIMULATION] [PLANNED_USERS] [--run-id ID] [--partial]";

  private MergeMain() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args));
  }

  static int run(String[] args) throws Exception {
    List<String> positional = new ArrayList<>();
    String runId = null;
    boolean partial = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--partial" -> partial = true;
        case "--run-id" -> {
          if (i + 1 == args.length) {
            return refuse("--run-id needs a value; " + USAGE);
          }
          runId = args[++i];
        }
        default -> positional.add(args[i]);
      }
    }
    if (positional.isEmpty() || positional.size() > 3) {
      return refuse(USAGE);
    }
    Path runDir = Path.of(positional.get(0));
    String simulation = positional.size() > 1 ? positional.get(1) : "Connect";
    int planned;
    try {
      planned = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 0;
    } catch (NumberFormatException e) {
      return refuse("PLANNED_USERS = '" + positional.get(2) + "': must be a whole number; " + USAGE);
    }
    RunFolder run;
    try {
      run = RunFolder.check(runDir, runId, partial);
    } catch (RunFolder.Refused e) {
      return refuse(e.getMessage());
    }
    if (planned == 0) {
      planned = run.users() > 0 ? run.users() : -1; // what the shards recorded; -1: not known, not checked
    }
    List<Launcher.ShardOutcome> shards = new ArrayList<>();
    // Exit codes and resources of remote shards are not known here; their logs say what happened.
    run.shards().forEach((index, dir) -> shards.add(new Launcher.ShardOutcome(index, -1, "ran elsewhere", 0, 0, 0, dir)));
    List<String> failures = new ArrayList<>();
    return MergedRun.mergeAndDescribe(simulation, runDir, run.runId(), run.missing(), shards, List.of(), planned,
        failures, -1);
  }

  private static int refuse(String message) {
    System.err.println(message);
    return ExitCodes.REFUSED;
  }
}
