package io.wsloadtest.gatling;

import io.gatling.core.CoreComponents;
import io.gatling.core.actor.ActorRef;
import io.gatling.core.controller.Controller;
import io.gatling.core.controller.Controller$Command$StopLoadGenerator;

/**
 * Ends the running simulation the way its maxDuration does: Gatling's controller stops the injector, the stats
 * engine writes what it holds and closes simulation.log. Gatling has no shutdown hook of its own, so a JVM
 * stopped by SIGTERM (a pod being stopped) would otherwise lose the records still in its write buffer. The
 * controller is remembered when the kit taps the run's stats engine ({@link StatsTap}): simulations built with
 * the kit's LoadRun have it.
 */
final class GracefulStop {

  private static volatile ActorRef<Controller.Command> controller;

  private GracefulStop() {}

  static void remember(CoreComponents core) {
    controller = core.controller();
  }

  static void forget() {
    controller = null;
  }

  /** Asks the current run to stop gracefully; false when no run of the kit is in progress. */
  static boolean request(String why) {
    ActorRef<Controller.Command> c = controller;
    if (c == null) {
      return false;
    }
    c.$bang(new Controller$Command$StopLoadGenerator(why, false));
    return true;
  }
}
