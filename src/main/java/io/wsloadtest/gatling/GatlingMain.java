package io.wsloadtest.gatling;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
   * As {@link #run}, then records how the run ended ({@link RunOutcome}) in its report folder and, as the latest
   * run's, in the results folder (-rf): what CI reads when the exit code itself cannot reach it (Maven). A run
   * refused before load ends the JVM from inside the simulation (exit 3, see {@link RunOutcome#recordRefusal});
   * that is recorded on the way out.
   */
  public static int runAndRecordOutcome(String... args) {
    return runAndRecordOutcome(args, (runDir, status) -> status);
  }

  /** What decides a run's final exit code once Gatling's is known (a comparison with a baseline, say). */
  @FunctionalInterface
  public interface AfterRun {
    int exitCode(Path runDir, int gatlingStatus);
  }

  /** As {@link #runAndRecordOutcome(String...)}; {@code afterRun} may change the exit code from its run folder. */
  public static int runAndRecordOutcome(String[] args, AfterRun afterRun) {
    Path results = resultsFolder(args);
    if (results == null) {
      return run(args);
    }
    Set<Path> before = runFolders(results);
    Thread onEarlyExit = new Thread(() -> RunOutcome.endedEarly().writeQuietly(results.resolve(RunOutcome.FILE)),
        "wsload-outcome");
    Runtime.getRuntime().addShutdownHook(onEarlyExit);
    int status;
    String detail = "";
    try {
      status = run(args);
    } catch (RuntimeException | Error e) {
      e.printStackTrace();
      status = RunOutcome.FAILED;
      detail = "Gatling crashed: " + e;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(onEarlyExit);
    } catch (IllegalStateException stopping) {
      return status; // the JVM is being stopped: the hook records that
    }
    Set<Path> created = runFolders(results);
    created.removeAll(before);
    Path runDir = created.stream().max(Comparator.comparing(Path::getFileName)).orElse(null);
    if (runDir != null) {
      int gatlingStatus = status;
      status = afterRun.exitCode(runDir, status);
      if (status != gatlingStatus && status == RunOutcome.ASSERTION_FAILED) {
        detail = "worse than its baseline (wsload.baseline): the comparison above names the row";
      }
    }
    if (status == RunOutcome.ASSERTION_FAILED && detail.isEmpty()) {
      detail = "an assertion failed: Gatling printed it as '... : false (actual : ...)'; the report's assertions"
          + " table shows it too";
    }
    RunOutcome outcome = RunOutcome.ofGatlingStatus(status, detail);
    if (runDir != null) {
      outcome.writeQuietly(runDir.resolve(RunOutcome.FILE));
    }
    outcome.writeQuietly(results.resolve(RunOutcome.FILE));
    return status;
  }

  /** The value of -rf / --results-folder, or null. */
  static Path resultsFolder(String[] args) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("-rf") || args[i].equals("--results-folder")) {
        return Path.of(args[i + 1]);
      }
    }
    return null;
  }

  private static Set<Path> runFolders(Path results) {
    try (Stream<Path> dirs = Files.list(results)) {
      return dirs.filter(d -> Files.exists(d.resolve("simulation.log"))).collect(Collectors.toCollection(HashSet::new));
    } catch (IOException e) {
      return new HashSet<>(); // not there yet: Gatling creates it
    }
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
