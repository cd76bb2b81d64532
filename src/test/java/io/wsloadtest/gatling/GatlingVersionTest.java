package io.wsloadtest.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The one start-up check of the Gatling coupling. */
class GatlingVersionTest {

  @Test
  void theGatlingOnTheClassPathIsTheOneTheAdapterIsBuiltFor() {
    assertEquals(GatlingVersion.BUILT_FOR, GatlingVersion.onClassPath());
    assertNull(GatlingVersion.problem());
  }

  @Test
  void anotherVersionIsRefusedWithOneMessageSayingWhatToDo() {
    assertEquals("Gatling 3.16.0 is on the class path, but ws-loadtest's Gatling adapter (package"
        + " io.wsloadtest.gatling) is built for Gatling 3.15.1. Use Gatling 3.15.1 (gatling.version in pom.xml),"
        + " or port that package to 3.16.0.", GatlingVersion.problem("3.16.0"));
  }
}
