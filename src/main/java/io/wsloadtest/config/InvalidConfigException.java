package io.wsloadtest.config;

import java.util.List;

/** The configuration cannot be run. Each problem names the key, the bad value and what is allowed. */
public final class InvalidConfigException extends RuntimeException {

  private final List<String> problems;

  public InvalidConfigException(List<String> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }

  private static String render(List<String> problems) {
    StringBuilder sb = new StringBuilder("Invalid ws-loadtest configuration, no load was started:");
    problems.forEach(p -> sb.append("\n  - ").append(p));
    return sb.toString();
  }
}
