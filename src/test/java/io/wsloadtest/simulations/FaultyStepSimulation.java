package io.wsloadtest.simulations;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.ActionBuilder;
import io.wsloadtest.gatling.GatlingInternals;
import io.wsloadtest.gatling.GatlingInternals.JavaAction;
import io.wsloadtest.run.WsSimulation;
import io.wsloadtest.ws.Liveness;

/**
 * Test fixture: a liveness step meets an unexpected exception (a session attribute of the wrong type), and a
 * step meets a linkage error (a class gone from the class path). Each user must get one KO per fault, with
 * the cause, and carry on to its close; the JVM must not exit through Gatling's fatal path.
 */
public class FaultyStepSimulation extends WsSimulation {

  {
    setUp(run.users(scenario("faulty steps")
        .exec(run.steps().connect())
        .exec(session -> session.set("wsload.link", "not a link tracker")) // Liveness's attribute, wrong type
        .exec(Liveness.checkLink())
        .exec(session -> session.remove("wsload.link"))
        .exec(missingClass())
        .exec(run.steps().close())))
        .assertions(run.assertions())
        .maxDuration(run.maxDuration());
  }

  private static ActionBuilder missingClass() {
    return GatlingInternals.action(ctx -> new JavaAction("missingClass", ctx) {
      @Override
      protected void run(Session session) {
        throw new NoClassDefFoundError("io/example/Gone");
      }
    });
  }
}
