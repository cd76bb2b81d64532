package io.wsloadtest.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** `mvn gatling:test` the way the Gatling plugin documents it, run through Maven as a user would. */
@Isolated // Maven in this project (compiles into target/, which the concurrent tests run from): alone, not beside the other end-to-end classes
class GatlingConventionsEndToEndTest {

  @Test
  void gatlingSimulationClassRunsThatClass(@TempDir Path dir) throws Exception {
    Path results = dir.resolve("reports");
    String out = maven(dir, 0, "gatling:test", "-Dgatling.simulationClass=io.wsloadtest.simulations.EchoSimulation",
        "-Dgatling.resultsFolder=" + results, "-Dusers=3", "-Dramp=1s", "-Dhold=1s", "-Dgatling.noReports=true");
    assertTrue(out.contains("Simulation io.wsloadtest.simulations.EchoSimulation started"), out);
    try (Stream<Path> runs = Files.list(results)) {
      // Run folders; the results folder also keeps the latest run's outcome.json.
      List<String> names = runs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
      assertEquals(1, names.size(), names.toString());
      assertTrue(names.get(0).startsWith("echosimulation-"), names.toString());
    }
  }

  @Test
  void anUnknownClassIsRefusedBeforeGatlingWithTheList(@TempDir Path dir) throws Exception {
    String out = maven(dir, 1, "test-compile", "-Dgatling.simulationClass=com.example.Typo");
    assertTrue(out.contains("Unknown simulation class 'com.example.Typo': not a Simulation in src/test/java."), out);
    for (String name : List.of("Connect", "Echo", "Heartbeat")) {
      assertTrue(out.contains("io.wsloadtest.simulations." + name + "Simulation  (-Dsimulation=" + name + ")"), out);
    }
  }

  /**
   * The Maven wrapper, as Gatling's demo project ships it: a machine with only a JDK runs the main job with
   * ./mvnw (which fetches the Maven it names from Maven Central the first time).
   */
  @Test
  void theMavenWrapperRunsTheMainJob(@TempDir Path dir) throws Exception {
    String wanted = Files.readAllLines(Path.of(".mvn", "wrapper", "maven-wrapper.properties")).stream()
        .filter(l -> l.startsWith("distributionUrl=")).findFirst().orElseThrow()
        .replaceAll(".*/apache-maven-([0-9.]+)-bin\\.zip$", "$1");
    assertTrue(run(dir, 0, List.of("./mvnw", "-v")).contains("Apache Maven " + wanted), "the wrapper's own Maven");
    Path results = dir.resolve("reports");
    String out = run(dir, 0, List.of("./mvnw", "-o", "-B", "gatling:test", "-Dgatling.resultsFolder=" + results,
        "-Dusers=3", "-Dramp=1s", "-Dhold=1s", "-Dgatling.noReports=true"));
    assertTrue(out.contains("Simulation io.wsloadtest.simulations.ConnectSimulation started"), out);
    assertTrue(out.contains("connect: count of all events is 3.0 : true"), out);
  }

  /** Runs Maven offline in this project and returns its output, checking the exit code. */
  private static String maven(Path dir, int expectedExit, String... args) throws Exception {
    String home = System.getProperty("maven.home");
    List<String> cmd = new java.util.ArrayList<>(List.of(home != null ? Path.of(home, "bin", "mvn").toString() : "mvn",
        "-o", "-B"));
    cmd.addAll(List.of(args));
    return run(dir, expectedExit, cmd);
  }

  private static String run(Path dir, int expectedExit, List<String> cmd) throws Exception {
    Path output = dir.resolve("mvn.out");
    Process mvn = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    if (!mvn.waitFor(180, TimeUnit.SECONDS)) {
      mvn.destroyForcibly().waitFor();
      throw new AssertionError("mvn did not finish within 180 s:\n" + Files.readString(output));
    }
    String text = Files.readString(output);
    assertEquals(expectedExit, mvn.exitValue(), text);
    return text;
  }
}
