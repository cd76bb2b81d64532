package io.wsloadtest.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code -Dwsload.baseline=DIR} on a run: checked before load (a baseline that cannot be read refuses the run), and
 * after it the run is compared with DIR as bin/compare does; a run that passed but is worse than its baseline
 * exits {@link CompareMain#EXCEEDED}.
 */
public final class Baseline {

  public static final String KEY = "wsload.baseline";

  private Baseline() {}

  /** The refusal when a baseline is set but unusable (or wsload.compare is invalid); null when there is none. */
  public static String problem(Properties systemProperties, Map<String, String> env) {
    String dir = systemProperties.getProperty(KEY, "");
    if (dir.isBlank()) {
      return null;
    }
    List<String> problems = new ArrayList<>();
    Tolerances.read(systemProperties, env, problems);
    try {
      ComparedRun.read(Path.of(dir));
    } catch (ComparedRun.Unreadable e) {
      problems.add(KEY + " = " + e.getMessage()); // the message starts with the folder
    }
    return problems.isEmpty() ? null
        : "Invalid baseline, no load was started:\n  - " + String.join("\n  - ", problems);
  }

  /**
   * After the run in {@code runDir}: the run's own exit code when it failed or has no baseline; otherwise the
   * comparison's ({@link CompareMain#WITHIN} or {@link CompareMain#EXCEEDED}).
   */
  public static int judge(Path runDir, int exitCode, Properties systemProperties, Map<String, String> env) {
    String dir = systemProperties.getProperty(KEY, "");
    if (dir.isBlank()) {
      return exitCode;
    }
    System.out.println("\nCompared with the baseline " + dir + ":");
    try {
      Tolerances t = Tolerances.read(systemProperties, env, new ArrayList<>());
      int compared = CompareMain.report(ComparedRun.read(Path.of(dir)), ComparedRun.read(runDir), t);
      return exitCode != 0 ? exitCode : compared;
    } catch (ComparedRun.Unreadable e) {
      System.err.println("FAILED: cannot compare with the baseline: " + e.getMessage());
      return exitCode != 0 ? exitCode : 1;
    }
  }
}
