package io.wsloadtest.maven;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Simulation;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.TreeSet;

/**
 * Test fixture: prints every system property named probe.* as the hex of its UTF-8 bytes, as the Gatling JVM
 * sees it, so a test can compare it byte for byte with what it typed on Maven's command line. One user, no
 * request, no load.
 */
public class PropertyProbeSimulation extends Simulation {

  static final String PREFIX = "probe.";

  {
    for (String name : new TreeSet<>(System.getProperties().stringPropertyNames())) {
      if (name.startsWith(PREFIX)) {
        System.out.println("property " + name + " = "
            + HexFormat.of().formatHex(System.getProperty(name).getBytes(StandardCharsets.UTF_8)));
      }
    }
    setUp(scenario("probe").exec(session -> session).injectOpen(atOnceUsers(1)));
  }
}
