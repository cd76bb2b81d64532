package io.wsloadtest.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -Dwsload.baseline=DIR on a run: refused before load when DIR is no run; after the run, worse fails it. */
class BaselineTest {

  static Properties baseline(Path dir, String... more) {
    Properties p = new Properties();
    p.setProperty(Baseline.KEY, dir.toString());
    for (int i = 0; i < more.length; i += 2) {
      p.setProperty(more[i], more[i + 1]);
    }
    return p;
  }

  @Test
  void withoutABaselineNothingChanges(@TempDir Path dir) {
    assertNull(Baseline.problem(new Properties(), Map.of()));
    assertEquals(2, Baseline.judge(dir, 2, new Properties(), Map.of()));
    assertEquals(0, Baseline.judge(dir, 0, new Properties(), Map.of()));
  }

  @Test
  void aBaselineThatIsNoRunIsRefusedBeforeLoad(@TempDir Path dir) throws Exception {
    assertEquals("Invalid baseline, no load was started:\n  - wsload.baseline = " + dir.resolve("nope") + ": no such folder",
        Baseline.problem(baseline(dir.resolve("nope")), Map.of()));
    Path base = ComparisonTest.run(dir, "base", 10, 0, 0);
    assertEquals("Invalid baseline, no load was started:\n  - wsload.compare.max-p99-increase = fast: must be a number,"
        + " 0 or more, such as 20% (\"\" = not judged)",
        Baseline.problem(baseline(base, "wsload.compare.max-p99-increase", "fast"), Map.of()));
  }

  @Test
  void aRunThatPassedButIsWorseThanItsBaselineFails(@TempDir Path dir) throws Exception {
    Path base = ComparisonTest.run(dir, "base", 10, 0, 0);
    Path slow = ComparisonTest.run(dir, "slow", 13, 0, 0);
    assertNull(Baseline.problem(baseline(base), Map.of()));
    assertEquals(CompareMain.WITHIN, Baseline.judge(base, 0, baseline(base), Map.of()));
    assertEquals(CompareMain.EXCEEDED, Baseline.judge(slow, 0, baseline(base), Map.of()));
    assertEquals(1, Baseline.judge(slow, 1, baseline(base), Map.of()), "a failed run keeps its own exit code");
  }
}
