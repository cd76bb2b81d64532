package io.wsloadtest.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * <pre>bin/compare BASELINE CURRENT [-Dwsload.compare.KEY=VALUE ...]</pre>
 * compares two runs (bin/launch run folders, Gatling report folders or bin/capacity folders) request by request
 * on exact figures, prints the table and exits 0 when every tolerance held, {@link #EXCEEDED} naming the rows that
 * broke one, {@link #REFUSED} when a folder or a setting is unusable.
 * <pre>bin/compare --percentiles RUN</pre>
 * prints one run's percentiles as Gatling's report shows them next to the exact ones.
 */
public final class CompareMain {

  public static final int WITHIN = 0;
  /** A tolerance was exceeded: CURRENT is worse than BASELINE (a failed check, like a failed assertion). */
  public static final int EXCEEDED = 2;
  public static final int REFUSED = 3;

  static final String USAGE = "usage: bin/compare BASELINE CURRENT [-Dwsload.compare.KEY=VALUE ...]"
      + " | bin/compare --percentiles RUN";

  private CompareMain() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args));
  }

  static int run(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--percentiles")) {
      try {
        ComparedRun run = ComparedRun.read(Path.of(args[1]));
        if (run.log == null) {
          System.err.println(args[1] + ": a capacity search without a good level has no run to show");
          return REFUSED;
        }
        System.out.print(PercentileMethods.table(run.log));
        return WITHIN;
      } catch (ComparedRun.Unreadable e) {
        System.err.println(e.getMessage());
        return REFUSED;
      }
    }
    if (args.length != 2 || args[0].startsWith("-") || args[1].startsWith("-")) {
      System.err.println(USAGE);
      return REFUSED;
    }
    List<String> problems = new ArrayList<>();
    Tolerances tolerances = Tolerances.read(System.getProperties(), System.getenv(), problems);
    if (!problems.isEmpty()) {
      System.err.println("Invalid wsload.compare configuration, nothing was compared:");
      problems.forEach(p -> System.err.println("  - " + p));
      return REFUSED;
    }
    ComparedRun baseline;
    ComparedRun current;
    try {
      baseline = ComparedRun.read(Path.of(args[0]));
      current = ComparedRun.read(Path.of(args[1]));
    } catch (ComparedRun.Unreadable e) {
      System.err.println("cannot compare: " + e.getMessage());
      return REFUSED;
    }
    return report(baseline, current, tolerances);
  }

  /** Prints the comparison and returns its exit code. */
  static int report(ComparedRun baseline, ComparedRun current, Tolerances tolerances) {
    Comparison c = new Comparison(baseline, current, tolerances);
    System.out.printf("baseline: %s (%s)%ncurrent:  %s (%s)%nfigures:  %s%n%n", baseline.dir, baseline.kind,
        current.dir, current.kind, RequestFigures.METHOD);
    System.out.print(c.table());
    if (c.exceeded().isEmpty()) {
      System.out.println("\nWithin every tolerance.");
      return WITHIN;
    }
    System.out.println();
    c.exceeded().forEach(r -> System.out.println("WORSE THAN BASELINE: " + r.what() + ": " + r.baseline() + " -> "
        + r.current() + " (" + r.exceeded() + ")"));
    return EXCEEDED;
  }
}
