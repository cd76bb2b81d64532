package io.wsloadtest.simlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.testkit.SmallRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Merging real logs of small Gatling runs; bad logs are refused with a message naming the file. */
class SimulationLogMergerTest {

  static Path first;
  static Path second;

  @BeforeAll
  static void twoRealRuns(@TempDir Path dir) throws Exception {
    first = SmallRuns.connectLog(dir.resolve("a"), 40);
    second = SmallRuns.connectLog(dir.resolve("b"), 25);
  }

  @Test
  void mergedCountsAreTheSumOfTheShards(@TempDir Path out) throws Exception {
    Path merged = out.resolve("m/simulation.log");
    SimulationLogMerger.merge(List.of(first, second), merged);
    RunStatistics m = RunStatistics.read(merged);
    RunStatistics sum = RunStatistics.read(first).plus(RunStatistics.read(second));
    assertTrue(m.sameCounts(sum));
    assertEquals(65, m.ok("connect"));
    assertEquals(Math.min(RunStatistics.read(first).runStart(), RunStatistics.read(second).runStart()),
        m.runStart(), "the merged run starts with the earliest shard");
  }

  @Test
  void truncatedLogIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
    Path cut = dir.resolve("cut.log");
    byte[] bytes = Files.readAllBytes(first);
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 3));
    SimulationLogException e = assertThrows(SimulationLogException.class,
        () -> SimulationLogMerger.merge(List.of(second, cut), dir.resolve("out/simulation.log")));
    assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertTrue(Files.notExists(dir.resolve("out/simulation.log")), "no half-written output");
  }

  @Test
  void truncatedLogKeepsItsCompleteRecordsWhenAsked(@TempDir Path dir) throws Exception {
    Path cut = dir.resolve("cut.log");
    byte[] bytes = Files.readAllBytes(first);
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 3));
    Map<Path, Long> kept = SimulationLogMerger.merge(List.of(second, cut), dir.resolve("out/simulation.log"), true);
    assertEquals(List.of(cut), List.copyOf(kept.keySet()));
    RunStatistics m = RunStatistics.read(dir.resolve("out/simulation.log"));
    RunStatistics sum = RunStatistics.read(first).plus(RunStatistics.read(second));
    assertEquals(65, m.ok("connect"), "records before the cut are kept");
    assertTrue(!m.sameCounts(sum), "the cut record is gone");
  }

  @Test
  void corruptLogIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.log");
    byte[] bytes = Files.readAllBytes(first);
    // A record starting with a type byte no record uses.
    byte[] withGarbage = Arrays.copyOf(bytes, bytes.length + 1);
    withGarbage[bytes.length] = 0x7f;
    Files.write(bad, withGarbage);
    SimulationLogException e = assertThrows(SimulationLogException.class,
        () -> RunStatistics.read(bad));
    assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("unknown record type 0x7f"), e.getMessage());
  }

  @Test
  void logOfAnotherGatlingVersionIsRefused(@TempDir Path dir) throws Exception {
    Path other = dir.resolve("other.log");
    byte[] bytes = Files.readAllBytes(first);
    // The run record starts: type byte, int length 6, "3.15.1".
    byte[] version = "3.14.9".getBytes();
    System.arraycopy(version, 0, bytes, 5, version.length);
    Files.write(other, bytes);
    SimulationLogException e = assertThrows(SimulationLogException.class,
        () -> SimulationLogMerger.merge(List.of(first, other), dir.resolve("o/simulation.log")));
    assertTrue(e.getMessage().startsWith(other.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("3.14.9") && e.getMessage().contains("3.15.1"), e.getMessage());
  }

  @Test
  void missingLogIsRefusedNamingTheFile(@TempDir Path dir) {
    Path missing = dir.resolve("nope/simulation.log");
    SimulationLogException e = assertThrows(SimulationLogException.class,
        () -> SimulationLogMerger.merge(List.of(first, missing), dir.resolve("o/simulation.log")));
    assertTrue(e.getMessage().startsWith(missing.toString()), e.getMessage());
  }
}
