package io.wsloadtest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registrations for Prometheus file_sd: what a file holds, and which files a starting process removes (those of
 * this host's processes that are gone), against real processes.
 */
class ScrapeTargetTest {

  static final ObjectMapper JSON = new ObjectMapper();

  /** A registration as another process would have written it. */
  static Path registration(Path dir, String name, String hostname, long pid, Instant started) throws Exception {
    Map<String, String> labels = started == null
        ? Map.of("role", "injector", "hostname", hostname, "pid", "" + pid)
        : Map.of("role", "injector", "hostname", hostname, "pid", "" + pid, ScrapeTarget.STARTED, started.toString());
    Path f = dir.resolve(name + ".json");
    JSON.writeValue(f.toFile(), List.of(Map.of("targets", List.of("127.0.0.1:1"), "labels", labels)));
    return f;
  }

  /** A process that has ended: its pid is free. */
  static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  @Test
  void aRegistrationIsFileSdJsonWithTheAddressAndTheLabelsThatTellProcessesApart(@TempDir Path dir) throws Exception {
    Path f = ScrapeTarget.register(dir, "127.0.0.1:9464", "server");
    long pid = ProcessHandle.current().pid();
    assertEquals("server-" + ScrapeTarget.thisHost() + "-" + pid + ".json", f.getFileName().toString());
    JsonNode group = JSON.readTree(f.toFile()).get(0);
    assertEquals("127.0.0.1:9464", group.at("/targets/0").asText());
    assertEquals("server", group.at("/labels/role").asText());
    assertEquals(ScrapeTarget.thisHost(), group.at("/labels/hostname").asText());
    assertEquals("" + pid, group.at("/labels/pid").asText());
    // Prometheus drops labels starting with "__" from the series: the start time is for the staleness check only.
    assertTrue(ScrapeTarget.STARTED.startsWith("__meta_"));
    assertEquals(List.of(f.getFileName().toString()), List.of(dir.toFile().list()), "nothing else left behind");
  }

  @Test
  void registeringRemovesTheFilesOfThisHostsProcessesThatAreGoneOnly(@TempDir Path dir) throws Exception {
    String host = ScrapeTarget.thisHost();
    Path killed = registration(dir, "injector-killed", host, deadPid(), null);
    ProcessHandle self = ProcessHandle.current();
    Path alive = registration(dir, "injector-alive", host, self.pid(), self.info().startInstant().orElse(null));
    // The pid of a process that is gone, now taken by another one: started at another time.
    Path reused = registration(dir, "injector-reused", host, self.pid(), Instant.parse("2001-01-01T00:00:00Z"));
    // Another host's process, in a folder shared between hosts: its pid means nothing here.
    Path otherHost = registration(dir, "injector-elsewhere", host + "-other", deadPid(), null);
    Path notOurs = Files.writeString(dir.resolve("someone-else.json"), "[{\"targets\":[\"127.0.0.1:2\"]}]");

    Path mine = ScrapeTarget.register(dir, "127.0.0.1:9464", "injector");

    assertFalse(Files.exists(killed), "a hard-killed process's target is removed");
    assertFalse(Files.exists(reused), "so is one whose pid now belongs to another process");
    assertTrue(Files.exists(alive));
    assertTrue(Files.exists(otherHost), "another host's registrations are left to that host");
    assertTrue(Files.exists(notOurs), "a file without our labels is not ours to remove");
    assertTrue(Files.exists(mine));
  }

  @Test
  void readingSkipsFilesThatAreNotRegistrations(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("half-written.json"), "[{\"targets\":[\"127.0.0");
    Files.writeString(dir.resolve("injector-x.json.tmp"), "[]");
    registration(dir, "injector-y", "h", 42, null);
    List<ScrapeTarget.Registered> read = ScrapeTarget.read(dir);
    assertEquals(1, read.size(), read.toString());
    assertEquals("http://127.0.0.1:1/metrics", read.get(0).url());
    assertEquals(42, read.get(0).pid());
    assertEquals(List.of(), ScrapeTarget.read(dir.resolve("no-such-folder")));
  }
}
