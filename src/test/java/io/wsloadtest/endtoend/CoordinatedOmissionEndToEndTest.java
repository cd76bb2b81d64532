package io.wsloadtest.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.testkit.GatlingRun;
import io.wsloadtest.ws.Requests;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that stalls for two seconds (the embedded server's stall fault) cannot look fast: echoes due every
 * 100 ms are not sent while the one in flight waits, so the usual round trips are mostly quick, but timed from
 * when each echo was due ("echo (from schedule)") the stall shows in the percentiles.
 */
class CoordinatedOmissionEndToEndTest {

  @Test
  void echoesDueDuringAStallAreTimedFromWhenTheyWereDue(@TempDir Path results) throws Exception {
    int users = 20;
    GatlingRun run = GatlingRun.run("Echo", results, false, "users", "" + users, "ramp", "1s", "hold", "5s",
        "wsload.echo.count", "0", "wsload.echo.interval", "100ms", "wsload.echo.timeout", "10s",
        "wsload.server.fault.stall-after", "1500ms", "wsload.server.fault.stall-for", "2s");
    assertEquals(0, run.exitCode, run.output);
    RunStatistics s = run.summary();
    long sent = s.ok(Requests.SAME_TEXT_BACK);
    long fromSchedule = s.ok(Requests.ECHO_FROM_SCHEDULE);
    // Each user missed ~20 due times during its stall: each stands as one record, timed from its due time.
    assertTrue(fromSchedule >= sent + 15L * users, "sent " + sent + ", from schedule " + fromSchedule + "\n" + s);
    System.out.printf("coordinated omission, a 2 s stall: same text back %d records p50/p75/p99 %d/%d/%d ms;"
            + " echo (from schedule) %d records %d/%d/%d ms%n", sent, s.percentile(Requests.SAME_TEXT_BACK, 50),
        s.percentile(Requests.SAME_TEXT_BACK, 75), s.percentile(Requests.SAME_TEXT_BACK, 99), fromSchedule,
        s.percentile(Requests.ECHO_FROM_SCHEDULE, 50), s.percentile(Requests.ECHO_FROM_SCHEDULE, 75),
        s.percentile(Requests.ECHO_FROM_SCHEDULE, 99));
    int usual = s.percentile(Requests.SAME_TEXT_BACK, 75);
    int corrected = s.percentile(Requests.ECHO_FROM_SCHEDULE, 75);
    assertTrue(corrected >= 500, "p75 from schedule " + corrected + " ms\n" + s);
    assertTrue(usual * 2 < corrected, "p75 usual " + usual + " ms, from schedule " + corrected + " ms\n" + s);
    assertEquals(0, s.totalKo(), s.toString());
  }
}
