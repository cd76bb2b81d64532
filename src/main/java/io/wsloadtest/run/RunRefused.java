package io.wsloadtest.run;

/** The run cannot start (bad configuration, a server that cannot start, the wrong Gatling): no load is sent. */
public final class RunRefused extends RuntimeException {

  /** Exit code of a run refused before load (Gatling uses 2 for failed assertions). */
  public static final int EXIT_CODE = 3;

  public RunRefused(String message) {
    super(message);
  }
}
