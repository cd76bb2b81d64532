package io.wsloadtest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A simulation's own settings: declared by reading them, typed, typos refused with a suggestion. */
class ScenarioSettingsTest {

  static ScenarioSettings settings(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return LoadTestConfig.parse(p, Map.of()).scenarioSettings();
  }

  @Test
  void unsetKeysTakeTheirDefaults_setOnesTheirValueOfTheRightType() {
    ScenarioSettings s = settings("wsload.scenario.channel", "sports", "wsload.scenario.every", "250ms",
        "wsload.scenario.rooms", "12", "wsload.scenario.private", "true");
    assertEquals("sports", s.string("channel", "news"));
    assertEquals(Duration.ofMillis(250), s.duration("every", Duration.ofSeconds(5)));
    assertEquals(12, s.integer("rooms", 1));
    assertEquals(true, s.bool("private", false));
    assertEquals(0.5, s.number("share", 0.5));
    assertEquals(List.of(), s.problems());
    assertEquals(Map.of("channel", "sports", "every", "250ms", "rooms", "12", "private", "true", "share", "0.5"),
        s.values());
  }

  @Test
  void fromTheEnvironmentLikeEveryOtherKey() {
    ScenarioSettings s = LoadTestConfig.parse(new Properties(), Map.of("WSLOAD_SCENARIO_CHANNEL", "env"))
        .scenarioSettings();
    assertEquals("env", s.string("channel", "news"));
  }

  @Test
  void aValueOfTheWrongTypeIsAProblemNamingTheKey() {
    ScenarioSettings s = settings("wsload.scenario.rooms", "many", "wsload.scenario.every", "soon");
    assertEquals(1, s.integer("rooms", 1));
    s.duration("every", Duration.ofSeconds(1));
    assertEquals(List.of("wsload.scenario.rooms = many: must be a number",
        "wsload.scenario.every = soon: must be a duration such as 30s, 5m or 500ms"), s.problems());
  }

  @Test
  void aKeyTheSimulationNeverReadsIsRefusedWithTheClosestOne() {
    ScenarioSettings s = settings("wsload.scenario.chanel", "sports");
    s.string("channel", "news");
    assertEquals(List.of("wsload.scenario.chanel (from system properties): unknown key;"
        + " did you mean wsload.scenario.channel?"), s.problems());
    ScenarioSettings none = settings("wsload.scenario.x", "1");
    assertTrue(none.problems().get(0).endsWith("unknown key; this simulation reads no wsload.scenario keys"),
        none.problems().toString());
  }

  @Test
  void aNameThatIsNoKeyIsTheSimulationsBugToldAtOnce() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> settings().string("has space", "x"));
    assertTrue(e.getMessage().startsWith("setting name 'has space' must be words of letters"), e.getMessage());
  }
}
