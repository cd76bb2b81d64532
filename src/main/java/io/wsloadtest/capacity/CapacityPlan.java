package io.wsloadtest.capacity;

import io.wsloadtest.compare.Baseline;
import io.wsloadtest.config.InvalidConfigException;
import io.wsloadtest.config.LoadTestConfig;
import io.wsloadtest.preflight.HostFacts;
import io.wsloadtest.preflight.Preflight;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything checked before the first level starts, each problem naming its key: the search's settings, the
 * simulation, the SLOs against the requests it makes, the largest level against the preflight plan (open
 * files, ports, memory) and the run's own configuration at the first and the largest level.
 */
final class CapacityPlan {

  final CapacitySettings settings;
  final LevelPlanner planner;
  final String simulationClass;
  /** True when the simulation's requests are known before load (a kit simulation). */
  final boolean requestsKnown;
  final List<String> problems;

  private CapacityPlan(CapacitySettings settings, LevelPlanner planner, String simulationClass, boolean requestsKnown,
      List<String> problems) {
    this.settings = settings;
    this.planner = planner;
    this.simulationClass = simulationClass;
    this.requestsKnown = requestsKnown;
    this.problems = List.copyOf(problems);
  }

  static CapacityPlan check(String simulation, int shards, boolean localServers, Map<String, String> userProperties,
      Properties systemProperties, Map<String, String> env, HostFacts host) {
    List<String> problems = new ArrayList<>();
    CapacitySettings s = CapacitySettings.read(systemProperties, env, problems);
    String baseline = Baseline.problem(systemProperties, env);
    if (baseline != null) {
      problems.add(baseline.substring(baseline.indexOf("- ") + 2));
    }
    String className = SimulationRequests.className(simulation);
    if (!exists(className)) {
      problems.add("--simulation " + simulation + ": no simulation " + className + " in the build (Connect, Heartbeat,"
          + " Echo, Push, or a class name)");
    }
    LoadTestConfig first = null;
    try {
      Properties p = new Properties();
      p.putAll(userProperties);
      first = io.wsloadtest.preflight.CheckedConfig.load(p, env, Long.MAX_VALUE);
    } catch (InvalidConfigException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty() || first == null) {
      return new CapacityPlan(s, null, className, false, problems);
    }
    Duration hold = s.hold().orElse(first.heartbeat().interval().multipliedBy(3));
    LevelPlanner planner = new LevelPlanner(userProperties, env, s.dimension(), hold, s.rateDuration(), first.users());
    Set<String> made = SimulationRequests.of(className).orElse(null);
    if (made != null) {
      requests(s, className, made, problems);
    }
    long largest = s.stepLevels().get(s.stepLevels().size() - 1);
    try {
      planner.config(s.stepLevels().get(0));
      fits(planner.config(largest), largest, s.largestLevelKey(), shards, localServers, host, problems);
    } catch (InvalidConfigException e) {
      e.problems().forEach(p -> problems.add(s.largestLevelKey() + " = " + largest + ": a level's run is refused: " + p));
    }
    return new CapacityPlan(s, planner, className, made != null, problems);
  }

  private static void requests(CapacitySettings s, String className, Set<String> made, List<String> problems) {
    for (Slo slo : s.slos()) {
      if (!slo.kind().requests.isEmpty() && slo.kind().requests.stream().noneMatch(made::contains)) {
        problems.add("wsload.capacity.slo." + slo.kind().key + " = " + slo.written() + ": "
            + SimulationRequests.shortName(className) + " makes no " + String.join(" or ", slo.kind().requests)
            + " request (it makes " + String.join(", ", new TreeSet<>(made)) + "); remove it, or search with a"
            + " simulation that does");
      }
    }
    if (s.dimension() == Dimension.MESSAGES_PER_SECOND && !made.contains(io.wsloadtest.ws.Requests.SAME_TEXT_BACK)) {
      problems.add("wsload.capacity.dimension = messages-per-second: steps EchoSimulation's echoes"
          + " (wsload.echo.interval), but " + SimulationRequests.shortName(className) + " sends none; use --simulation Echo");
    }
  }

  /** The largest level against the preflight plan bin/launch would make for it. */
  private static void fits(LoadTestConfig c, long level, String key, int shards, boolean localServers, HostFacts host,
      List<String> problems) {
    long files = host.openFilesHard();
    int n = shards > 0 ? shards : Preflight.shardsNeeded(c.users(), c.embeddedTarget(), files);
    if (c.embeddedTarget() && n > 1) {
      problems.add(key + " = " + level + ": needs " + n + " shards (" + c.users() + " users), but wsload.target ="
          + " embedded gives each shard a private server; give ws:// targets (add --local-servers to start echo"
          + " servers for them)");
      return;
    }
    int servers = localServers ? (int) c.targets().stream().map(t -> t.host() + ":" + t.port()).distinct().count() : 0;
    Preflight.Report plan = Preflight.check(c, n, servers, host, files);
    for (Preflight.Check check : plan.checks()) {
      if (check.verdict() == Preflight.Verdict.FAIL) {
        problems.add(key + " = " + level + ": level " + level + " (" + c.users() + " users in " + n + " shard"
            + (n == 1 ? "" : "s") + ") does not fit this host: " + check.what() + " needs " + check.needs()
            + ", the host gives " + check.host() + "; " + check.fix());
      }
    }
  }

  private static boolean exists(String className) {
    try {
      Class.forName(className, false, CapacityPlan.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
