package io.wsloadtest.shards;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * bin/launch's own arguments (the -D settings are the configuration's), checked before anything starts: every
 * problem named at once, as configuration keys are, and refused with exit 3.
 *
 * @param shards 0 to size the shards from the open-files limit
 */
record LaunchArguments(int shards, boolean localServers, String simulation, Path reports, List<String> jvmOptions) {

  static final String USAGE = "usage: bin/launch [--shards N] [--local-servers] [--simulation Connect|Heartbeat|Echo"
      + "|CLASS] [--reports DIR] [--jvm-opt OPTION ...] [-Dkey=value ...]";

  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final List<String> problems;

    Refused(List<String> problems) {
      super("Invalid bin/launch arguments, nothing was started:\n  - " + String.join("\n  - ", problems) + "\n" + USAGE);
      this.problems = List.copyOf(problems);
    }
  }

  static LaunchArguments parse(String... args) throws Refused {
    int shards = 0;
    boolean localServers = false;
    String simulation = "Connect";
    Path reports = Path.of("reports");
    List<String> jvmOptions = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--local-servers")) {
        localServers = true;
        continue;
      }
      if (!List.of("--shards", "--simulation", "--reports", "--jvm-opt").contains(arg)) {
        problems.add("'" + arg + "': unknown argument" + (arg.startsWith("-D") ? "" : " (settings are -Dkey=value)"));
        continue;
      }
      // A JVM option may start with "--" itself (--add-opens=...); another of these arguments is no value.
      if (i + 1 == args.length || (!arg.equals("--jvm-opt") && args[i + 1].startsWith("--"))) {
        problems.add(arg + ": needs a value");
        continue;
      }
      String value = args[++i];
      switch (arg) {
        case "--shards" -> shards = shards(value, problems);
        case "--simulation" -> simulation = value;
        case "--reports" -> reports = Path.of(value);
        default -> jvmOptions.add(value);
      }
    }
    if (!problems.isEmpty()) {
      throw new Refused(problems);
    }
    return new LaunchArguments(shards, localServers, simulation, reports, List.copyOf(jvmOptions));
  }

  /** --reports DIR when given (even among arguments that are refused), else reports. */
  static Path reportsFolder(String... args) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--reports")) {
        return Path.of(args[i + 1]);
      }
    }
    return Path.of("reports");
  }

  private static int shards(String value, List<String> problems) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    problems.add("--shards = '" + value + "': must be a whole number of shards, 1 or more (e.g. --shards 3), or left"
        + " out to size them from the open-files limit");
    return 0;
  }
}
