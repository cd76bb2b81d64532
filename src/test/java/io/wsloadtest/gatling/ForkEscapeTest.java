package io.wsloadtest.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The gatling-maven-plugin's escaping of -D values (as its Fork does it), and its exact inverse. */
class ForkEscapeTest {

  @Test
  void escapesAsThePluginDoes() {
    assertEquals("{\\\"type\\\":\\\"ping\\\"}", ForkEscape.escape("{\"type\":\"ping\"}"));
    assertEquals("it\\'s C:\\\\new", ForkEscape.escape("it's C:\\new"));
    assertEquals("a\\tb\\n\\u0001 \\u00e9 \\u20ac \\ud83d\\ude00", ForkEscape.escape("a\tb\n\u0001 é € 😀"));
    assertEquals("Bearer #{token} $HOME", ForkEscape.escape("Bearer #{token} $HOME"), "nothing else changes");
  }

  @Test
  void unescapeGivesBackExactlyWhatWasTyped() {
    List<String> typed = new ArrayList<>(List.of("{\"type\": \"ping\"}", "\\u00e9 is not é", "C:\\new\\table\\",
        "\\\\\\\"", "\\", "", "a\tb\r\n\f\b", "it's", "😀 \u0000 \u001f \u007f"));
    Random random = new Random(42);
    String alphabet = "\\\"'u0aeZ\t\n é€😀";
    for (int i = 0; i < 1000; i++) {
      StringBuilder s = new StringBuilder();
      for (int j = random.nextInt(12); j > 0; j--) {
        // Mostly the characters the escape touches: backslash, quotes, u, control and non-ASCII characters.
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      typed.add(s.toString());
    }
    for (String s : typed) {
      assertEquals(s, ForkEscape.unescape(ForkEscape.escape(s)), "round trip of [" + s + "]");
    }
  }

  @Test
  void onlyTheArgumentsThePluginAppendedAfterTheAgentAreRestored() {
    String canary = System.getProperty(MavenFork.CANARY);
    try {
      System.setProperty(MavenFork.CANARY, ForkEscape.escape(MavenFork.CANARY_VALUE)); // the plugin escaped
      MavenFork.restoreTypedValues(List.of("-Dprobe.before=a\\\"b", "-javaagent:/x/ws-loadtest-maven-fork-agent.jar",
          "-Dprobe.after=a\\\"b"));
      assertEquals(null, System.getProperty("probe.before"), "a pom option before the agent is left alone");
      assertEquals("a\"b", System.getProperty("probe.after"));

      System.setProperty(MavenFork.CANARY, MavenFork.CANARY_VALUE); // a plugin that passes values as typed
      MavenFork.restoreTypedValues(List.of("-javaagent:/x/ws-loadtest-maven-fork-agent.jar", "-Dprobe.after=c\\\"d"));
      assertEquals("a\"b", System.getProperty("probe.after"), "nothing undone when nothing was escaped");
    } finally {
      System.clearProperty("probe.after");
      if (canary == null) {
        System.clearProperty(MavenFork.CANARY);
      } else {
        System.setProperty(MavenFork.CANARY, canary);
      }
    }
  }
}
