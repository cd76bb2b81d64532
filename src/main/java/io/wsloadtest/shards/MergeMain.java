package io.wsloadtest.shards;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Merges shards that ran elsewhere (one per machine, or a Kubernetes Indexed Job writing to a shared volume):
 * {@code bin/merge-shards RUN_DIR [SIMULATION]} reads RUN_DIR/shard-N/ (each a Gatling results folder) and
 * writes RUN_DIR/merged/ (one HTML report) and RUN_DIR/run-summary.json, exactly as bin/launch does.
 */
public final class MergeMain {

  private MergeMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 3) {
      System.err.println("usage: bin/merge-shards RUN_DIR [SIMULATION] [PLANNED_USERS]");
      System.exit(3);
    }
    Path runDir = Path.of(args[0]);
    String simulation = args.length > 1 ? args[1] : "Connect";
    List<Launcher.ShardOutcome> shards = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(runDir)) {
      for (Path d : dirs.filter(p -> p.getFileName().toString().matches("shard-\\d+") && Files.isDirectory(p)).sorted().toList()) {
        int index = Integer.parseInt(d.getFileName().toString().substring("shard-".length()));
        // Exit codes and resources of remote shards are not known here; their logs say what happened.
        shards.add(new Launcher.ShardOutcome(index, -1, "ran elsewhere", 0, 0, 0, d));
      }
    } catch (IOException e) {
      System.err.println("cannot read " + runDir + ": " + e.getMessage());
      System.exit(3);
    }
    if (shards.isEmpty()) {
      System.err.println("no shard-N folders in " + runDir + ": nothing to merge");
      System.exit(3);
    }
    List<String> failures = new ArrayList<>();
    int planned = args.length > 2 ? Integer.parseInt(args[2]) : -1;
    MergedRun merged = MergedRun.merge(simulation, runDir, shards, List.of(), planned, failures, -1);
    failures.forEach(f -> System.err.println("FAILED: " + f));
    System.out.println(merged.describe());
    System.exit(!failures.isEmpty() ? 1 : merged.reportExitCode() == 0 ? 0 : 2);
  }
}
