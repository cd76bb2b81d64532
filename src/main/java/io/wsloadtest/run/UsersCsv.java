package io.wsloadtest.run;

import io.wsloadtest.config.UserHandshake;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * handshake.users-csv is read before load: it exists, has a header line and a row, and names every
 * #{column} the user templates use. Gatling's feeder would otherwise fail per user, in the middle of a run.
 */
final class UsersCsv {

  private static final Pattern COLUMN = Pattern.compile("#\\{([^}]+)}");

  private UsersCsv() {}

  static void check(UserHandshake u) {
    if (!u.perUser()) {
      return;
    }
    Path file = Path.of(u.usersCsv());
    String key = "Invalid ws-loadtest configuration, no load was started:\n  - wsload.handshake.users-csv = "
        + u.usersCsv() + ": ";
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file)) {
      for (String line; lines.size() < 2 && (line = r.readLine()) != null; ) {
        lines.add(line);
      }
    } catch (IOException e) {
      throw new RunRefused(key + "cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    if (lines.size() < 2) {
      throw new RunRefused(key + "needs a header line naming the columns (e.g. user,token) and at least one row");
    }
    Set<String> columns = new TreeSet<>(Arrays.stream(lines.get(0).split(",")).map(String::trim).toList());
    Set<String> missing = new TreeSet<>();
    for (String template : concat(u)) {
      Matcher m = COLUMN.matcher(template);
      while (m.find()) {
        if (!columns.contains(m.group(1))) {
          missing.add(m.group(1));
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new RunRefused(key + "has no column " + String.join(", ", missing) + " (its columns: "
          + String.join(", ", columns) + ")");
    }
  }

  private static List<String> concat(UserHandshake u) {
    List<String> all = new ArrayList<>(u.headers().values());
    all.addAll(u.query().values());
    return all;
  }
}
