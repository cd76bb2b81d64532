package io.wsloadtest.gatling;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
   * As {@link #run}, and if the JVM is stopped meanwhile (SIGTERM, e.g. a pod being stopped), the run is ended
   * as its maxDuration would end it and the JVM waits, at most {@code grace}, for Gatling to finish: the records
   * in its write buffer reach simulation.log, which ends with a complete record.
   */
  public static int runStoppingGracefullyOnExit(Duration grace, String... args) {
    CountDownLatch done = new CountDownLatch(1);
    Thread onExit = new Thread(() -> {
      if (GracefulStop.request("the JVM is stopping (SIGTERM)")) {
        try {
          done.await(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }, "wsload-graceful-stop");
    GracefulStop.forget();
    Runtime.getRuntime().addShutdownHook(onExit);
    try {
      return run(args);
    } finally {
      done.countDown();
      GracefulStop.forget();
      try {
        Runtime.getRuntime().removeShutdownHook(onExit);
      } catch (IllegalStateException stopping) {
        // the JVM is already stopping: the hook is running and has just been released
      }
    }
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
