package io.wsloadtest.shards;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.wsloadtest.run.WsSimulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test fixture: users connect, hold and close, and the real run of a shard (not its warm-up, which runs the
 * same class) logs one WARN saying whether any logger it depends on is at DEBUG. ShardLoggingTest looks for
 * that line in the shard's output.
 */
public class LoggingProbeSimulation extends WsSimulation {

  static final String MARKER = "logging probe: WARN from the real run";

  {
    setUp(run.users(scenario("logging probe")
        .exec(run.steps().connect())
        .exec(run.steps().holdUntilEnd(), run.steps().close())))
        .assertions(run.assertions())
        .maxDuration(run.maxDuration());
  }

  @Override
  public void before() {
    super.before();
    // The warm-up clears wsload.shard.run-dir for itself: only the real run of a shard has one.
    if (!System.getProperty("wsload.shard.run-dir", "").isEmpty()) {
      Logger log = LoggerFactory.getLogger(LoggingProbeSimulation.class);
      log.warn("{}; DEBUG enabled: root={}, io.gatling={}, io.gatling.http.action.ws={}", MARKER,
          LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME).isDebugEnabled(),
          LoggerFactory.getLogger("io.gatling").isDebugEnabled(),
          LoggerFactory.getLogger("io.gatling.http.action.ws").isDebugEnabled());
    }
  }
}
