package io.wsloadtest.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Keys under wsload that reference.conf does not define, each with the closest known key as a suggestion. */
final class UnknownKeys {

  private UnknownKeys() {}

  /** A typo such as wsload.usres must not be silently ignored. */
  static void check(Config files, Config config, Set<String> openMaps, List<String> problems) {
    Set<String> known = files.getConfig("wsload").withoutPath("profiles").entrySet().stream()
        .map(Map.Entry::getKey).collect(Collectors.toSet());
    for (Map.Entry<String, ConfigValue> e : config.getConfig("wsload").withoutPath("profiles").entrySet()) {
      String key = e.getKey();
      boolean listElement = known.stream().anyMatch(k -> key.startsWith(k + "."))
          || openMaps.stream().anyMatch(m -> key.startsWith(m + "."));
      if (!known.contains(key) && !listElement) {
        problems.add("wsload." + key + " (from " + e.getValue().origin().description() + "): unknown key"
            + closest(key, known).map(k -> "; did you mean wsload." + k + "?").orElse(""));
      }
    }
  }

  static Optional<String> closest(String key, Set<String> known) {
    return known.stream()
        .filter(k -> editDistance(k, key) <= 3)
        .min((a, b) -> editDistance(a, key) - editDistance(b, key));
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      int[] cur = new int[b.length() + 1];
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      prev = cur;
    }
    return prev[b.length()];
  }
}
