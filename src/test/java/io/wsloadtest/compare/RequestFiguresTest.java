package io.wsloadtest.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.simlog.SyntheticLog;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nearest-rank percentiles over every response, a KO ranked after every answer. */
class RequestFiguresTest {

  @Test
  void percentilesAreExactNearestRanks(@TempDir Path dir) throws Exception {
    RunStatistics s = RunStatistics.read(new SyntheticLog("x.Y").okRequests("heartbeat", 0, 1000)
        .write(dir.resolve("simulation.log")));
    RequestFigures f = RequestFigures.of(s, "heartbeat");
    assertEquals(500, f.p50());
    assertEquals(950, f.p95());
    assertEquals(990, f.p99());
    assertEquals(1000, f.maxOk());
  }

  @Test
  void kosRankAfterEveryAnswer(@TempDir Path dir) throws Exception {
    SyntheticLog log = new SyntheticLog("x.Y").okRequests("heartbeat", 0, 990);
    for (int i = 0; i < 10; i++) {
      log.request("heartbeat", 2000, 2001, false, "pong timeout"); // a fast KO is still a failure
    }
    RunStatistics s = RunStatistics.read(log.write(dir.resolve("simulation.log")));
    RequestFigures f = RequestFigures.of(s, "heartbeat");
    assertEquals(990, f.p99(), "rank 990 of 1000 is the slowest answer");
    assertEquals(RequestFigures.FAILED, RequestFigures.percentile(s, "heartbeat", 99.1), "rank 991 is a KO");
    assertEquals(1.0, f.koPercent());
    assertEquals(RequestFigures.NONE, RequestFigures.of(s, "echo").p99());
  }

  @Test
  void oneResponseIsEveryPercentile(@TempDir Path dir) throws Exception {
    RunStatistics s = RunStatistics.read(new SyntheticLog("x.Y").request("connect", 0, 7, true, "")
        .write(dir.resolve("simulation.log")));
    RequestFigures f = RequestFigures.of(s, "connect");
    assertEquals(7, f.p50());
    assertEquals(7, f.p99());
  }
}
