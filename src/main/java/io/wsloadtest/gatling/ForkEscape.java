package io.wsloadtest.gatling;

/**
 * The escaping the gatling-maven-plugin applies to each system property it passes to the JVM it forks
 * (io.gatling.plugin.util.Fork#escape, a copy of plexus-utils' StringUtils.escape), and its inverse: the
 * escape maps every string to a distinct one (each backslash becomes two), so {@link #unescape} gives back
 * exactly what was typed.
 */
final class ForkEscape {

  private ForkEscape() {}

  /** As the plugin does: non-ASCII and control characters as \\uXXXX or \\n-style escapes, then ' " \\ escaped. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(2 * s.length());
    for (char ch : s.toCharArray()) {
      if (ch > 0x7f) {
        out.append(String.format("\\u%04x", (int) ch));
      } else if (ch < 32) {
        switch (ch) {
          case '\b' -> out.append("\\b");
          case '\n' -> out.append("\\n");
          case '\t' -> out.append("\\t");
          case '\f' -> out.append("\\f");
          case '\r' -> out.append("\\r");
          default -> out.append(String.format("\\u%04x", (int) ch));
        }
      } else if (ch == '\'' || ch == '"' || ch == '\\') {
        out.append('\\').append(ch);
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }

  /** The string {@link #escape} was given. Text that is not an escape's output is kept as it is. */
  static String unescape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch != '\\' || i + 1 == s.length()) {
        out.append(ch);
        continue;
      }
      char next = s.charAt(i + 1);
      switch (next) {
        case 'b' -> out.append('\b');
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'f' -> out.append('\f');
        case 'r' -> out.append('\r');
        case '\'', '"', '\\' -> out.append(next);
        case 'u' -> {
          if (i + 6 <= s.length() && s.substring(i + 2, i + 6).matches("[0-9a-fA-F]{4}")) {
            out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
            i += 4;
          } else {
            out.append(ch).append(next);
          }
        }
        default -> out.append(ch).append(next);
      }
      i++;
    }
    return out.toString();
  }
}
