package io.wsloadtest.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsloadtest.maven.Mvn;
import io.wsloadtest.shards.GatlingCommand;
import io.wsloadtest.simlog.RunStatistics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The README's "Test your own server" commands that carry JSON, run as written through {@code mvn gatling:test}
 * against a server not written here (Python's websockets: JSON heartbeats answered, pushes every 0.7 s). Before,
 * the plugin's fork delivered {"type":"ping"} as {\"type\":\"ping\"} and every heartbeat was a KO.
 */
@Isolated // Maven in this project (compiles into target/, which the concurrent tests run from): alone, not beside the other end-to-end classes
class ReadmeThroughMavenTest {

  static final String[] PUSH_SERVER = PushServerConformanceTest.PUSH_SERVER;

  /** Step 4: the application's heartbeat, the reply matched exactly. */
  @Test
  void jsonHeartbeatWithAnExactReply(@TempDir Path dir) throws Exception {
    try (PythonWsServer server = new PythonWsServer(PUSH_SERVER)) {
      RunStatistics s = passes(dir, server, "-Dsimulation=Heartbeat", "-Dwsload.heartbeat.mode=text",
          "-Dwsload.heartbeat.request={\"type\":\"ping\"}", "-Dwsload.heartbeat.reply={\"type\":\"pong\"}");
      assertTrue(s.ok("heartbeat") >= 5, s.toString());
    }
  }

  /** Step 4, second form: the reply found by JSONPath (the README's shell turns "\$" into "$"). */
  @Test
  void jsonHeartbeatWithAJsonPathReply(@TempDir Path dir) throws Exception {
    try (PythonWsServer server = new PythonWsServer(PUSH_SERVER)) {
      RunStatistics s = passes(dir, server, "-Dsimulation=Heartbeat", "-Dwsload.heartbeat.mode=text",
          "-Dwsload.heartbeat.request={\"op\":\"ping\"}", "-Dwsload.heartbeat.reply-match=jsonpath",
          "-Dwsload.heartbeat.reply=$[?(@.op == 'pong')]");
      assertTrue(s.ok("heartbeat") >= 5, s.toString());
    }
  }

  /** Step 5: subscribe with a JSON message, then receive the server's pushes. */
  @Test
  void pushWithAJsonSubscribe(@TempDir Path dir) throws Exception {
    try (PythonWsServer server = new PythonWsServer(PUSH_SERVER)) {
      RunStatistics s = passes(dir, server, "-Dsimulation=Push",
          "-Dwsload.push.subscribe={\"type\":\"subscribe\",\"channel\":\"prices\"}");
      assertTrue(s.ok("push") >= 5, s.toString());
    }
  }

  /** mvn gatling:test with the README's arguments, a small load against {@code server}: exit 0, no KO. */
  private static RunStatistics passes(Path dir, PythonWsServer server, String... readmeArgs) throws Exception {
    Path reports = dir.resolve("reports");
    List<String> args = new ArrayList<>(List.of("gatling:test", "-Dtarget=" + server.url()));
    args.addAll(List.of(readmeArgs));
    args.addAll(List.of("-Dusers=5", "-Dramp=1s", "-Dhold=4s", "-Dgatling.noReports=true",
        "-Dgatling.resultsFolder=" + reports));
    String out = Mvn.run(dir, 0, args).output();
    assertEquals(0, new ObjectMapper().readTree(reports.resolve("outcome.json").toFile()).at("/exitCode").asInt(), out);
    RunStatistics s = RunStatistics.read(GatlingCommand.runFolder(reports).resolve("simulation.log"));
    assertEquals(5, s.ok("connect"), s.toString());
    assertEquals(0, s.totalKo(), s + "\n" + out);
    return s;
  }
}
