package io.wsloadtest.gatling;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static org.junit.jupiter.api.Assertions.assertEquals;

import boopickle.PickleState;
import boopickle.PickleState$;
import io.gatling.javaapi.core.Assertion;
import io.gatling.shared.model.assertion.AssertionPicklers$;
import io.wsloadtest.simlog.StatsByPath;
import io.wsloadtest.simlog.SyntheticLog;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Assertions read back from a log as Gatling wrote them, judged on every response time. */
class ExactAssertionsTest {

  static final long T0 = 1_700_000_000_000L;

  /** As Gatling's LogFileDataWriter serialises an assertion into the log's header. */
  static byte[] pickled(Assertion assertion) {
    PickleState state = PickleState$.MODULE$.pickleStateSpeed();
    AssertionPicklers$.MODULE$.AssertionPickler().pickle(assertion.asScala(), state);
    ByteBuffer buffer = state.toByteBuffer();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  /**
   * 100 connects: 97 of 1 ms, then 600, 637 and 900 ms, and 3 KO pings: the 99th percentile of all 103
   * responses by nearest rank is the 102nd smallest, 637 ms; the KO share 3/103.
   */
  static Path log(Path dir, List<byte[]> assertions) throws Exception {
    SyntheticLog log = new SyntheticLog(T0, assertions);
    log.user(true, T0);
    int[] slow = {600, 637, 900};
    for (int i = 0; i < 100; i++) {
      long start = T0 + i * 10L;
      log.request(List.of(), "connect", start, start + (i < 97 ? 1 : slow[i - 97]), true, "");
    }
    for (int i = 0; i < 3; i++) {
      log.request(List.of("beats"), "ping", T0 + 2000, T0 + 2000, false, "pong timeout");
    }
    log.group(List.of("beats"), T0 + 2000, T0 + 2100, 0, false);
    log.user(false, T0 + 3000);
    return log.write(dir.resolve("simulation.log"));
  }

  @Test
  void theRunsAssertionsAreJudgedOnEveryResponseTimeInGatlingsWords(@TempDir Path dir) throws Exception {
    List<byte[]> assertions = new ArrayList<>(List.of(
        pickled(global().responseTime().percentile(99.0).lte(637)),
        pickled(global().responseTime().percentile(99.0).lt(637)),
        pickled(global().failedRequests().percent().lte(0.0)),
        pickled(details("connect").allRequests().count().is(100L)),
        pickled(details("beats", "ping").failedRequests().count().is(3L)),
        pickled(details("nope").allRequests().count().is(1L))));
    List<ExactAssertions.Result> results = ExactAssertions.judge(StatsByPath.read(log(dir, assertions)));

    assertEquals(List.of(
        "Global: 99th percentile of response time is less than or equal to 637.0 : true (actual : 637.0)",
        "Global: 99th percentile of response time is less than 637.0 : false (actual : 637.0)",
        "Global: percentage of failed events is less than or equal to 0.0 : false (actual : " + (3 * 100.0 / 103) + ")",
        "connect: count of all events is 100.0 : true (actual : 100.0)",
        "beats / ping: count of failed events is 3.0 : true (actual : 3.0)",
        "nope: count of all events is 1.0 : false (Could not find stats matching assertion path List(nope))"),
        results.stream().map(ExactAssertions.Result::line).toList());
  }

  @Test
  void aRunWithoutAssertionsHasNothingToJudge(@TempDir Path dir) throws Exception {
    assertEquals(List.of(), ExactAssertions.judge(StatsByPath.read(log(dir, List.of()))));
  }
}
