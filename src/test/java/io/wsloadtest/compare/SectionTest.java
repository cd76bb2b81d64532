package io.wsloadtest.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A section is layered as every wsload key: -D over the environment over the profile over the defaults. */
class SectionTest {

  @Test
  void systemPropertiesBeatTheEnvironmentWhichBeatsTheDefaults() {
    Properties p = new Properties();
    p.setProperty("wsload.capacity.resolution", "7");
    Section s = Section.read("capacity", p, Map.of("WSLOAD_CAPACITY_RESOLUTION", "9", "WSLOAD_CAPACITY_RATE__DURATION", "3s"));
    assertEquals("7", s.raw("resolution"));
    assertEquals("3s", s.raw("rate-duration"), "WSLOAD_ ... __ is -");
    assertEquals("connections", s.raw("dimension"), "reference.conf's default");
    assertEquals(List.of(), s.problems());
  }

  @Test
  void listsComeAsHoconOrCommaSeparated() {
    Properties p = new Properties();
    p.setProperty("wsload.capacity.levels", "100, 200,400");
    assertEquals(List.of("100", "200", "400"), Section.read("capacity", p, Map.of()).list("levels"));
    assertEquals(List.of(), Section.read("capacity", new Properties(), Map.of()).list("levels"));
  }

  @Test
  void unknownKeysAreNamedWithTheClosestKnownOne() {
    Properties p = new Properties();
    p.setProperty("wsload.compare.max-p99-increse", "5%");
    p.setProperty("wsload.compare.something-else-entirely", "1");
    assertEquals(List.of(
        "wsload.compare.max-p99-increse (from system properties): unknown key; did you mean wsload.compare.max-p99-increase?",
        "wsload.compare.something-else-entirely (from system properties): unknown key"),
        Section.read("compare", p, Map.of()).problems().stream().sorted().toList());
  }
}
