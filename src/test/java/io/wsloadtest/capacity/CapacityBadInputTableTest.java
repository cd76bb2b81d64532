package io.wsloadtest.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.preflight.HostFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The search's bad-input table: each row one mistake, the settings that make it, and the exact message that refuses
 * it before any level starts. Rows go through CapacityPlan.check, what bin/capacity does before its first level,
 * on a host whose open-files limit is 20,000.
 */
class CapacityBadInputTableTest {

  static final HostFacts HOST = new HostFacts(20_000, 20_000, 28_232, OptionalLong.empty(), OptionalLong.empty(),
      OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
  static final String HEARTBEAT_SLO = "wsload.capacity.slo.heartbeat-p99";

  static Stream<Arguments> rows() {
    return Stream.of(
        row("bisection resolution 0", "Heartbeat", 1, new String[] {"wsload.capacity.resolution", "0"},
            "wsload.capacity.resolution = 0: must be a whole number greater than 0: the bisection stops once the last"
                + " good and the first bad level are at most this far apart"),
        row("bisection resolution negative", "Heartbeat", 1, new String[] {"wsload.capacity.resolution", "-50"},
            "wsload.capacity.resolution = -50: must be a whole number greater than 0: the bisection stops once the last"
                + " good and the first bad level are at most this far apart"),
        row("an SLO on a request the simulation does not make", "Heartbeat", 1,
            new String[] {"wsload.capacity.slo.echo-p99", "100ms"},
            "wsload.capacity.slo.echo-p99 = 100ms: HeartbeatSimulation makes no same text back or same bytes back"
                + " request (it makes close, connect, drop, heartbeat, reconnect); remove it, or search with a"
                + " simulation that does"),
        row("push gaps of a simulation that does not push", "Connect", 1,
            new String[] {"wsload.capacity.slo.push-gaps", "0", HEARTBEAT_SLO, ""},
            "wsload.capacity.slo.push-gaps = 0: ConnectSimulation makes no push request (it makes alive at end, close,"
                + " connect, drop, reconnect); remove it, or search with a simulation that does"),
        row("a level above the open-files limit of the plan", "Heartbeat", 1,
            new String[] {"wsload.capacity.max", "25000"},
            "wsload.capacity.max = 25000: level 25000 (25000 users in 1 shard) does not fit this host: open files per"
                + " injector (1) needs 25000 + 300 for the JVM, the host gives 20000 (ulimit -n); use at least 2 shards"
                + " (--shards 2), or raise the limit: `ulimit -n 26300` (above the hard limit:"
                + " /etc/security/limits.conf)"),
        row("a listed level above the open-files limit", "Heartbeat", 1,
            new String[] {"wsload.capacity.levels", "5000,10000,22000"},
            "wsload.capacity.levels = 22000: level 22000 (22000 users in 1 shard) does not fit this host: open files per"
                + " injector (1) needs 22000 + 300 for the JVM, the host gives 20000 (ulimit -n); use at least 2 shards"
                + " (--shards 2), or raise the limit: `ulimit -n 23300` (above the hard limit:"
                + " /etc/security/limits.conf)"),
        row("an embedded server for a level that needs shards", "Heartbeat", 0,
            new String[] {"target", "embedded", "wsload.capacity.max", "20000"},
            "wsload.capacity.max = 20000: needs 3 shards (20000 users), but wsload.target = embedded gives each shard a"
                + " private server; give ws:// targets (add --local-servers to start echo servers for them)"),
        row("unknown key", "Heartbeat", 1, new String[] {"wsload.capacity.resolutoin", "10"},
            "wsload.capacity.resolutoin (from system properties): unknown key; did you mean"
                + " wsload.capacity.resolution?"),
        row("unknown SLO", "Heartbeat", 1, new String[] {"wsload.capacity.slo.heartbeat-p90", "100ms"},
            "wsload.capacity.slo.heartbeat-p90 (from system properties): unknown key; did you mean"
                + " wsload.capacity.slo.heartbeat-p99?"),
        row("no SLO at all", "Heartbeat", 1, new String[] {HEARTBEAT_SLO, ""},
            "wsload.capacity.slo = {}: no objective is set, so no level could fail; set at least one, e.g."
                + " -Dwsload.capacity.slo.heartbeat-p99=100ms"),
        row("an SLO that is not a duration", "Heartbeat", 1, new String[] {HEARTBEAT_SLO, "fast"},
            "wsload.capacity.slo.heartbeat-p99 = fast: must be a duration such as 100ms or 2s (\"\" = not judged)"),
        row("a negative KO limit", "Heartbeat", 1, new String[] {"wsload.capacity.slo.ko-percent", "-1"},
            "wsload.capacity.slo.ko-percent = -1: must be a number, 0 or more, such as 1 (\"\" = not judged)"),
        row("step 0", "Heartbeat", 1, new String[] {"wsload.capacity.step", "0"},
            "wsload.capacity.step = 0: must be a whole number greater than 0 (added per level) or a factor above 1"
                + " written x2 (multiplied per level)"),
        row("a factor that does not grow", "Heartbeat", 1, new String[] {"wsload.capacity.step", "x1"},
            "wsload.capacity.step = x1: must be a whole number greater than 0 (added per level) or a factor above 1"
                + " written x2 (multiplied per level)"),
        row("a step that makes thousands of levels", "Heartbeat", 1,
            new String[] {"wsload.capacity.start", "100", "wsload.capacity.step", "1", "wsload.capacity.max", "9000"},
            "wsload.capacity.step = 1: makes more than 100 levels from 100 to 9000; use a larger step, a factor (x2),"
                + " or list the levels (wsload.capacity.levels)"),
        row("max below start", "Heartbeat", 1, new String[] {"wsload.capacity.start", "500", "wsload.capacity.max", "100"},
            "wsload.capacity.max = 100: must be at least wsload.capacity.start (500)"),
        row("levels not increasing", "Heartbeat", 1, new String[] {"wsload.capacity.levels", "100,300,200"},
            "wsload.capacity.levels = [100, 300, 200]: must be whole numbers greater than 0, each larger than the one"
                + " before; '200' is not"),
        row("unknown dimension", "Heartbeat", 1, new String[] {"wsload.capacity.dimension", "users"},
            "wsload.capacity.dimension = users: must be connections, connect-rate or messages-per-second"),
        row("messages per second of a simulation that sends none", "Heartbeat", 1,
            new String[] {"wsload.capacity.dimension", "messages-per-second"},
            "wsload.capacity.dimension = messages-per-second: steps EchoSimulation's echoes (wsload.echo.interval), but"
                + " HeartbeatSimulation sends none; use --simulation Echo"),
        row("a hold of zero", "Heartbeat", 1, new String[] {"wsload.capacity.hold", "0s"},
            "wsload.capacity.hold = 0s: must be a duration greater than zero, such as 100ms or 2s (\"\" = 3 heartbeat"
                + " intervals)"),
        row("an injector limit of zero", "Heartbeat", 1, new String[] {"wsload.capacity.max-injector-cpu-percent", "0"},
            "wsload.capacity.max-injector-cpu-percent = 0: must be a number greater than 0, such as 90"),
        row("a simulation that is not in the build", "Nope", 1, new String[] {},
            "--simulation Nope: no simulation io.wsloadtest.simulations.NopeSimulation in the build (Connect,"
                + " Heartbeat, Echo, Push, or a class name)"),
        row("a baseline that is not a run", "Heartbeat", 1, new String[] {"wsload.baseline", "/no/such/run"},
            "wsload.baseline = /no/such/run: no such folder"),
        row("a run setting the level's run refuses", "Heartbeat", 1, new String[] {"wsload.heartbeat.timeout", "9s"},
            "wsload.heartbeat.timeout = 9s: must be shorter than wsload.heartbeat.interval (2s)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void refusedBeforeAnyLevelWithTheExactMessage(String mistake, String simulation, int shards, String[] settings,
      String expected) {
    Properties p = new Properties();
    p.setProperty(HEARTBEAT_SLO, "100ms");
    p.setProperty("target", "ws://127.0.0.1:9/echo");
    p.setProperty("wsload.capacity.start", "1000");
    p.setProperty("wsload.capacity.step", "x2");
    p.setProperty("wsload.capacity.max", "8000");
    for (int i = 0; i < settings.length; i += 2) {
      p.setProperty(settings[i], settings[i + 1]);
    }
    if (settings.length > 1 && settings[0].equals("wsload.capacity.levels")) {
      p.remove("wsload.capacity.max");
    }
    CapacityPlan plan = CapacityPlan.check(simulation, shards, false, CapacityMain.runProperties(p), p, Map.of(), HOST);
    assertEquals(List.of(expected), plan.problems, mistake);
  }

  @Test
  void aGoodSearchPassesWithTheLevelsItWillRun() {
    Properties p = new Properties();
    p.setProperty(HEARTBEAT_SLO, "100ms");
    p.setProperty("target", "ws://127.0.0.1:9/echo");
    p.setProperty("wsload.capacity.start", "1000");
    p.setProperty("wsload.capacity.step", "x2");
    p.setProperty("wsload.capacity.max", "15000");
    CapacityPlan plan = CapacityPlan.check("Heartbeat", 1, false, CapacityMain.runProperties(p), p, Map.of(), HOST);
    assertEquals(List.of(), plan.problems);
    assertEquals(List.of(1_000L, 2_000L, 4_000L, 8_000L, 15_000L), plan.settings.stepLevels());
    assertEquals(15_000, plan.planner.config(15_000).users(), "the level is the run's users");
    assertEquals("6000ms", plan.planner.properties(15_000).get("wsload.hold"), "3 heartbeat intervals of the smoke profile's 2 s");
    // Each level is the launcher's command line: the level's users, the injectors' whole heap from the start
    // (15,000 users: 152 MB, as bin/launch sizes it), their GC log.
    List<String> cmd = new LaunchedLevels(new LaunchedLevels.Launch("Heartbeat", 1, false, List.of("-XX:+UseSerialGC")),
        plan.planner, Dimension.CONNECTIONS, java.nio.file.Path.of("reports/x"), System.out)
        .command(15_000, java.nio.file.Path.of("reports/x/levels/15000"));
    assertEquals("io.wsloadtest.shards.Launcher", cmd.get(cmd.indexOf("-cp") + 2));
    assertTrue(cmd.contains("-Dwsload.users=15000"), cmd.toString());
    String tail = String.join(" ", cmd.subList(cmd.indexOf("-cp") + 3, cmd.size()));
    assertTrue(tail.startsWith("--shards 1 --simulation Heartbeat --reports reports/x/levels/15000 --jvm-opt -Xms152m"
        + " --jvm-opt -XX:+UseSerialGC --jvm-opt -Xlog:gc:file="), tail);
  }

  @Test
  void theUsersOwnLevelKeysGiveWayToTheLevels() {
    Properties p = new Properties();
    p.setProperty(HEARTBEAT_SLO, "100ms");
    p.setProperty("users", "77");
    p.setProperty("hold", "1m");
    p.setProperty("ramp", "3s");
    CapacityPlan plan = CapacityPlan.check("Heartbeat", 1, false, CapacityMain.runProperties(p), p, Map.of(), HOST);
    Map<String, String> level = plan.planner.properties(2_000);
    assertEquals(null, level.get("users"));
    assertEquals(null, level.get("hold"));
    assertEquals("2000", level.get("wsload.users"));
    assertEquals("3s", level.get("ramp"), "the user's own settings pass");
    assertEquals(null, level.get(HEARTBEAT_SLO), "the search's own keys do not reach the runs");
  }

  @Test
  void badArgumentsAreRefusedWithTheUsage() {
    List<String> problems = new ArrayList<>();
    assertEquals(null, CapacityMain.options(new String[] {"--shards", "0"}, problems));
    assertEquals(List.of("--shards 0: must be 1 or more; " + CapacityMain.USAGE), problems);
    problems.clear();
    assertEquals(null, CapacityMain.options(new String[] {"--sharts", "2"}, problems));
    assertEquals(List.of("unknown argument '--sharts'; " + CapacityMain.USAGE), problems);
  }

  private static Arguments row(String mistake, String simulation, int shards, String[] settings, String expected) {
    return Arguments.of(mistake, simulation, shards, settings, expected);
  }
}
