package io.wsloadtest.run;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.wsloadtest.config.Injection;
import java.util.ArrayList;
import java.util.List;

/** Arrival of users as configured: ramp, constant rate, stairs or all at once. */
final class InjectionSteps {

  private InjectionSteps() {}

  static OpenInjectionStep[] of(Injection in, int users) {
    List<OpenInjectionStep> steps = new ArrayList<>();
    switch (in.type()) {
      // A constant rate is an even ramp: users/rate seconds, one user every 1/rate s, exactly `users` users.
      case RAMP, RATE -> steps.add(rampUsers(users).during(in.duration(users)));
      case AT_ONCE -> steps.add(atOnceUsers(users));
      case STEPS -> {
        for (int i = 0; i < in.stepCount(); i++) {
          int stepUsers = users / in.stepCount() + (i < users % in.stepCount() ? 1 : 0);
          if (i > 0) {
            steps.add(nothingFor(in.stepHold()));
          }
          steps.add(rampUsers(stepUsers).during(in.stepRamp()));
        }
      }
    }
    return steps.toArray(OpenInjectionStep[]::new);
  }
}
