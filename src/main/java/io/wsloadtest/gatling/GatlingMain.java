package io.wsloadtest.gatling;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

/** Gatling's command line in this JVM: what {@code io.gatling.app.Gatling.main} does, returning the status. */
public final class GatlingMain {

  private GatlingMain() {}

  /** Runs one simulation (arguments as for io.gatling.app.Gatling) and returns its exit status; may be called again. */
  public static int run(String... args) {
    configureLoggingAgain();
    return io.gatling.app.Gatling$.MODULE$.fromArgs(args);
  }

  /**
   * Gatling stops logback when a run ends (Gatling.start's finally block): every appender is removed and every
   * logger left at DEBUG. A second run in the same JVM (a shard after its warm-up) would then lose its warnings
   * and format every frame Gatling logs at DEBUG; so logback is configured again, from logback-test.xml or
   * logback.xml as at start-up, before each run that finds it stopped.
   */
  static void configureLoggingAgain() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context) || context.isStarted()) {
      return; // another logging backend, or logback as configured at start-up
    }
    context.reset();
    try {
      new ContextInitializer(context).autoConfig();
    } catch (JoranException e) {
      throw new IllegalStateException("logback cannot be configured again after the previous run: " + e.getMessage(), e);
    }
    context.start();
  }
}
