package io.wsloadtest.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsloadtest.config.ServerFaults;
import io.wsloadtest.metrics.InjectorMetrics;
import io.wsloadtest.metrics.MetricsText;
import io.wsloadtest.server.EchoServer;
import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.testkit.GatlingJvm;
import io.wsloadtest.ws.DropCause;
import io.wsloadtest.ws.DropTable;
import io.wsloadtest.ws.Requests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Connect run whose server closes every connection during the hold: the report, the drop table and the
 * injector's /metrics (scraped until the JVM ends: its last scrape comes after the load) give the same numbers,
 * each loss counted once, and the open-connections gauge is back at 0.
 */
class CountsAgreeEndToEndTest {

  @Test
  void afterServerSideDropsTheReportTheDropTableAndMetricsAgree(@TempDir Path tmp) throws Exception {
    int users = 20;
    Path targets = tmp.resolve("targets");
    try (EchoServer closing = ConnectionFaultTest.faultyServer(
        new ServerFaults(Duration.ZERO, Duration.ZERO, 1.0, 1001, Duration.ofMillis(500)))) {
      GatlingJvm.Started started = GatlingJvm.start("Connect", tmp.resolve("r"), false, Map.of(),
          "users", "" + users, "ramp", "1s", "hold", "4s", "target", closing.urls().get(0),
          "wsload.metrics.targets-dir", targets.toString(), "wsload.metrics.linger", "10s");
      MetricsText last = null;
      while (started.process().isAlive()) {
        last = scrapeIfRegistered(targets, last);
        Thread.sleep(100); // scrape period, not a wait for an outcome
      }
      GatlingJvm run = started.await();
      assertEquals(2, run.exitCode, run.all());
      RunStatistics s = run.summary();

      // The report: every user connected, every link was dropped once with its cause; nothing else happened.
      assertEquals(users, s.ok(Requests.CONNECT), s.toString());
      assertEquals(users, s.ko(Requests.DROP), s.toString());
      assertEquals(users, s.totalKo(), "one KO per loss: " + s);
      assertEquals(Map.of(DropCause.serverClose(1001), (long) users), s.errors, s.toString());
      assertFalse(s.requests.containsKey(Requests.CLOSE), "a lost link is not closed again: " + s);
      assertFalse(s.requests.containsKey(Requests.ALIVE_AT_END), "nor checked at the end: " + s);
      assertEquals(Map.of(DropCause.serverClose(1001), (long) users), DropTable.from(s).byCause);

      // /metrics: the same counts; nothing open any more.
      assertNotNull(last, "the injector's /metrics was never scraped:\n" + run.all());
      assertEquals(0, last.sum(InjectorMetrics.OPEN));
      assertEquals(users, last.sum(InjectorMetrics.ATTEMPTS, "kind", Requests.CONNECT, "status", "ok"));
      assertEquals(users, last.sum(InjectorMetrics.DROPS, "cause", DropCause.serverClose(1001)));
      assertEquals(0, last.sum(InjectorMetrics.CLOSES));
      assertEquals(0, last.sum(InjectorMetrics.HEARTBEATS));
      assertEquals(users, last.sum(InjectorMetrics.REQUESTS, "status", "ko"));
    }
  }

  /** The injector's /metrics, once it has registered its address; the previous scrape when it cannot answer. */
  private static MetricsText scrapeIfRegistered(Path targets, MetricsText previous) {
    try (Stream<Path> files = Files.exists(targets) ? Files.list(targets) : Stream.empty()) {
      Path file = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElse(null);
      if (file == null) {
        return previous;
      }
      String hostPort = new ObjectMapper().readTree(file.toFile()).get(0).get("targets").get(0).asText();
      return MetricsText.scrape("http://" + hostPort + "/metrics");
    } catch (IOException | RuntimeException e) {
      return previous; // not registered yet, or the JVM is closing its endpoint
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return previous;
    }
  }
}
