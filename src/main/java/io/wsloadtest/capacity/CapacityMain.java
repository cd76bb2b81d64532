package io.wsloadtest.capacity;

import io.wsloadtest.compare.Baseline;
import io.wsloadtest.preflight.HostFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * <pre>bin/capacity [--shards N] [--local-servers] [--simulation Heartbeat] [--reports DIR] [--jvm-opt OPTION ...]
 *              [-Dkey=value ...]</pre>
 * The options and -D settings of bin/launch (each level is one bin/launch run with them), plus wsload.capacity.*.
 * Writes reports/SIMULATION-capacity-TIME/: capacity.json, capacity.html (knee charts) and levels/LEVEL/ (each
 * level's run: Gatling report, run-summary.json, launcher output). Exit codes: 0 the search completed, 3 refused
 * before load, 5 the SLOs broke at the first level, 6 inconclusive (see {@link SearchResult.Outcome}).
 */
public final class CapacityMain {

  public static final int REFUSED = 3;
  static final String USAGE = "usage: bin/capacity [--shards N] [--local-servers] [--simulation Connect|Heartbeat|Echo|Push]"
      + " [--reports DIR] [--jvm-opt OPTION ...] [-Dkey=value ...]";
  /** Keys of the search itself and of comparisons: the level runs do not get them. */
  private static final List<String> OWN_PREFIXES = List.of("wsload.capacity.", "wsload.compare.", Baseline.KEY);

  private CapacityMain() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.getProperties(), System.getenv()));
  }

  /** bin/launch's options, as bin/capacity passes them on to every level. */
  record Options(int shards, boolean localServers, String simulation, Path reports, List<String> jvmOptions) {}

  /** The options, or null with the problem added. */
  static Options options(String[] args, List<String> problems) {
    int shards = 0;
    boolean localServers = false;
    String simulation = "Connect";
    Path reports = Path.of("reports");
    List<String> jvmOptions = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--shards" -> {
            shards = Integer.parseInt(args[++i]);
            if (shards <= 0) {
              throw new IllegalArgumentException("--shards " + shards + ": must be 1 or more");
            }
          }
          case "--local-servers" -> localServers = true;
          case "--simulation" -> simulation = args[++i];
          case "--reports" -> reports = Path.of(args[++i]);
          case "--jvm-opt" -> jvmOptions.add(args[++i]);
          default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
        }
      }
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      problems.add("bad arguments " + List.of(args) + "; " + USAGE);
      return null;
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage() + "; " + USAGE);
      return null;
    }
    return new Options(shards, localServers, simulation, reports, jvmOptions);
  }

  static int run(String[] args, Properties systemProperties, Map<String, String> env) throws Exception {
    List<String> argProblems = new ArrayList<>();
    Options o = options(args, argProblems);
    if (o == null) {
      return refuse(argProblems);
    }
    int shards = o.shards();
    boolean localServers = o.localServers();
    String simulation = o.simulation();
    Path reports = o.reports();
    List<String> jvmOptions = o.jvmOptions();
    Map<String, String> userProperties = runProperties(systemProperties);
    CapacityPlan plan = CapacityPlan.check(simulation, shards, localServers, userProperties, systemProperties, env,
        HostFacts.read());
    if (!plan.problems.isEmpty()) {
      return refuse(plan.problems);
    }
    String name = SimulationRequests.shortName(plan.simulationClass).replace("Simulation", "").toLowerCase();
    Path dir = reports.resolve(name + "-capacity-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss")));
    Files.createDirectories(dir);
    CapacitySettings s = plan.settings;
    CapacityJson.Asked asked = new CapacityJson.Asked(simulation, s.dimension(), s.slos(), s.resolution(),
        plan.planner.hold().toMillis(), s.maxInjectorCpuPercent(), s.maxInjectorCpuWaitPercent(), s.maxInjectorGcPercent(),
        command(args, systemProperties));
    System.out.printf("Capacity search: %s, levels in %s: %s, then bisection to %d; each level held %.1f s;"
            + " SLOs %s (exact figures)%nFolder: %s%n", simulation, s.dimension().unit, s.stepLevels(), s.resolution(),
        plan.planner.hold().toMillis() / 1000.0, s.slos().stream().map(x -> x.kind().key + " <= " + x.written()).toList(),
        dir);
    long started = System.nanoTime();
    List<LevelRow> done = new ArrayList<>();
    CapacitySearch search = new CapacitySearch(s, row -> {
      done.add(row);
      System.out.println("  " + oneLine(row));
      write(dir, asked, partial(done), started);
    });
    LaunchedLevels runner = new LaunchedLevels(new LaunchedLevels.Launch(simulation, shards, localServers, jvmOptions),
        plan.planner, s.dimension(), dir, System.out);
    SearchResult result = search.run(plan.requestsKnown ? runner : new FirstLevelChecks(runner, s.slos()));
    if (result.levels().size() == 1 && result.inconclusive() != null
        && result.inconclusive().reason().startsWith(FirstLevelChecks.PREFIX)) {
      return refuse(List.of(result.inconclusive().reason().substring(FirstLevelChecks.PREFIX.length())));
    }
    write(dir, asked, result, started);
    System.out.println();
    System.out.print(LevelTable.render(result, s.dimension()));
    System.out.println();
    System.out.print(LevelTable.summary(result, s.dimension()));
    System.out.printf("Search wall time %.0f s; capacity.json, knee charts: %s%n", (System.nanoTime() - started) / 1e9,
        dir.resolve("capacity.html").toUri());
    int code = result.outcome().exitCode;
    return Baseline.judge(dir, code, systemProperties, env);
  }

  private static SearchResult partial(List<LevelRow> done) {
    return new SearchResult(SearchResult.Outcome.RUNNING, null, null, null, List.copyOf(done));
  }

  private static void write(Path dir, CapacityJson.Asked asked, SearchResult result, long started) {
    try {
      double wall = (System.nanoTime() - started) / 1e9;
      CapacityJson.write(dir.resolve("capacity.json"), asked, result, wall);
      Files.writeString(dir.resolve("capacity.html"), KneeCharts.page(asked, result));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write the search's results in " + dir, e);
    }
  }

  static String oneLine(LevelRow row) {
    LevelFigures f = row.figures();
    String what = switch (row.verdict()) {
      case GOOD -> "good";
      case BAD -> "BAD: " + row.broken().stream().map(b -> b.slo() + " " + b.actual() + " > " + b.limit()).toList();
      case INCONCLUSIVE -> "INCONCLUSIVE: " + row.reason();
    };
    return String.format("level %,d: %s (achieved %.0f, KO %.2f %%, %.0f s)", row.level(), what, f.achieved(),
        f.koPercent(), f.wallSeconds());
  }

  /** The -D settings a level's run gets: wsload.*, gatling.* and the short forms, less the search's own keys. */
  static Map<String, String> runProperties(Properties props) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String k : new TreeSet<>(props.stringPropertyNames())) {
      boolean run = k.startsWith("wsload.") || k.startsWith("gatling.")
          || List.of("profile", "target", "users", "ramp", "hold").contains(k);
      if (run && OWN_PREFIXES.stream().noneMatch(k::startsWith) && !k.equals("wsload.build.dir")) {
        out.put(k, props.getProperty(k));
      }
    }
    return out;
  }

  /** The command line for capacity.json, secrets masked as the banner masks them. */
  private static List<String> command(String[] args, Properties props) {
    List<String> out = new ArrayList<>(List.of("bin/capacity"));
    out.addAll(List.of(args));
    for (String k : new TreeSet<>(props.stringPropertyNames())) {
      if (k.startsWith("wsload.") || List.of("profile", "target", "users", "ramp", "hold").contains(k)) {
        boolean secret = k.startsWith("wsload.handshake.headers") || k.startsWith("wsload.handshake.user-headers")
            || k.contains("password");
        out.add("-D" + k + "=" + (secret ? "***" : props.getProperty(k)));
      }
    }
    return out;
  }

  private static int refuse(List<String> problems) {
    System.err.println("Invalid capacity search, no load was started:");
    problems.forEach(p -> System.err.println("  - " + p));
    return REFUSED;
  }
}
