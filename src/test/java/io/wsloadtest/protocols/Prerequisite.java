package io.wsloadtest.protocols;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A reference server that is not on this machine: the test is skipped with how to install it, except in CI
 * (CI=true), where .ci/run installs it and its absence is a failure.
 */
final class Prerequisite {

  private Prerequisite() {}

  static void require(boolean present, String what, String install) {
    if (!present && "true".equals(System.getenv("CI"))) {
      fail(what + " is missing but CI=true: .ci/run installs it (" + install + ")");
    }
    assumeTrue(present, what + " is not installed (" + install + "); skipping");
  }
}
