package io.wsloadtest.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which classes count as simulations, and the message refusing one that does not exist. */
class SimulationCatalogTest {

  static final Path TEST_CLASSES = Path.of("target", "test-classes");

  @Test
  void findsTheConcreteSimulationsOfTheBuild_notTheirBaseClassNorScenarios() {
    List<String> found = SimulationCatalog.find(List.of(TEST_CLASSES, Path.of("target", "classes")),
        getClass().getClassLoader());
    assertTrue(found.containsAll(List.of("io.wsloadtest.simulations.ConnectSimulation",
        "io.wsloadtest.simulations.EchoSimulation", "io.wsloadtest.simulations.HeartbeatSimulation")), found.toString());
    assertFalse(found.contains("io.wsloadtest.dsl.WsSimulation"), "abstract: " + found);
    assertTrue(found.stream().allMatch(c -> c.endsWith("Simulation")), found.toString());
  }

  @Test
  void aKnownClassPasses_inAnyPackage() {
    assertNull(SimulationCatalog.check("com.example.chat.ChatSimulation", "Connect",
        List.of("com.example.chat.ChatSimulation", "io.wsloadtest.simulations.ConnectSimulation")));
  }

  @Test
  void anUnknownShorthandIsRefusedWithTheList() {
    String message = SimulationCatalog.check("io.wsloadtest.simulations.NopeSimulation", "Nope",
        List.of("com.example.chat.ChatSimulation", "io.wsloadtest.simulations.EchoSimulation"));
    assertEquals("""
        Unknown simulation 'Nope' (io.wsloadtest.simulations.NopeSimulation): not a Simulation in src/test/java. \
        Run one of these with -Dgatling.simulationClass=CLASS (or -Dsimulation=NAME for \
        io.wsloadtest.simulations.NAMESimulation):
          com.example.chat.ChatSimulation
          io.wsloadtest.simulations.EchoSimulation  (-Dsimulation=Echo)""", message);
  }

  @Test
  void fixturesRunByClassNameButAreNotOffered() {
    String fixture = SimulationCatalog.FIXTURES_PACKAGE + ".FaultyStepSimulation";
    List<String> known = List.of(fixture, "io.wsloadtest.simulations.EchoSimulation");
    assertNull(SimulationCatalog.check(fixture, "Connect", known));
    String message = SimulationCatalog.check("io.wsloadtest.simulations.NopeSimulation", "Nope", known);
    assertFalse(message.contains("FaultyStep"), message);
    assertTrue(message.endsWith("io.wsloadtest.simulations.EchoSimulation  (-Dsimulation=Echo)"), message);
  }

  @Test
  void anUnknownClassIsRefusedByItsName() {
    String message = SimulationCatalog.check("com.example.Typo", "Connect",
        List.of("io.wsloadtest.simulations.ConnectSimulation"));
    assertTrue(message.startsWith("Unknown simulation class 'com.example.Typo': not a Simulation in src/test/java."),
        message);
  }
}
