package io.wsloadtest.run;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;

import io.gatling.javaapi.core.Assertion;
import io.wsloadtest.config.LoadTestConfig;
import io.wsloadtest.ws.Requests;
import java.util.ArrayList;
import java.util.List;

/** Pass/fail: KO share, p99, every user tried to connect, and something was measured at all. */
final class Assertions {

  private Assertions() {}

  static Assertion[] of(LoadTestConfig config) {
    List<Assertion> assertions = new ArrayList<>(List.of(
        global().failedRequests().percent().lte(config.assertions().maxKoPercent()),
        global().responseTime().percentile(99.0).lte(config.assertions().maxP99Millis()),
        global().successfulRequests().count().gt(0L)));
    if (config.shard().count() == 1) {
      // Shards carry their assertions into the merged report, where a per-shard count would be wrong;
      // the launcher checks the total connect count of a sharded run itself.
      assertions.add(details(Requests.CONNECT).allRequests().count().is((long) config.users()));
    }
    return assertions.toArray(Assertion[]::new);
  }
}
