package io.wsloadtest.gatling;

/** Gatling's command line in this JVM: what {@code io.gatling.app.Gatling.main} does, returning the status. */
public final class GatlingMain {

  private GatlingMain() {}

  /** Runs one simulation (arguments as for io.gatling.app.Gatling) and returns its exit status; may be called again. */
  public static int run(String... args) {
    return io.gatling.app.Gatling$.MODULE$.fromArgs(args);
  }
}
