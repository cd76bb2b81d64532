package io.wsloadtest.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.config.LoadTestConfig;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What bin/tune-host applies is what preflight asks for: a host tuned with it passes preflight's checks. */
class HostTuningTest {

  static long value(String key, long connections) {
    return HostTuning.sysctls(connections).stream().filter(s -> s.key().equals(key)).findFirst()
        .map(s -> Long.parseLong(s.value().split(" ")[0])).orElseThrow();
  }

  @Test
  void aHostTunedFor100kConnectionsPassesPreflightForThe100kProfileInOneProcess() {
    long n = 100_000;
    long nofile = HostTuning.openFilesFor(n);
    HostFacts tuned = new HostFacts(nofile, nofile, 64_512, OptionalLong.of(value("net.ipv4.tcp_tw_reuse", n)),
        OptionalLong.of(value("net.core.somaxconn", n)), OptionalLong.of(value("net.ipv4.tcp_max_syn_backlog", n)),
        OptionalLong.of(value("fs.file-max", n)), OptionalLong.of(64_000));
    LoadTestConfig c = PreflightTest.config("profile", "100k");
    assertEquals(1, Preflight.shardsNeeded(c.users(), false, nofile));
    Preflight.Report r = Preflight.check(c, 1, 6, tuned, nofile);
    assertFalse(r.refused(), r.table());
    assertTrue(r.checks().stream().filter(k -> !k.what().startsWith("ephemeral ports") && !k.what().equals("memory"))
        .allMatch(k -> k.verdict() == Preflight.Verdict.OK), r.table());
  }

  @Test
  void oneDescriptorLessThanTheOpenFilesTargetNeedsASecondProcess() {
    long nofile = HostTuning.openFilesFor(100_000);
    assertEquals(2, Preflight.shardsNeeded(100_000, false, nofile - 1));
    assertTrue(HostTuning.connectionsPerProcess(nofile) >= 100_000);
  }

  @Test
  void fixLinesNameTheTunedValues() {
    HostFacts untuned = new HostFacts(20_000, 20_000, 28_232, OptionalLong.of(0), OptionalLong.of(128),
        OptionalLong.of(128), OptionalLong.of(1000), OptionalLong.of(23_000));
    Preflight.Report r = Preflight.check(PreflightTest.config("users", "1000", "target", "ws://127.0.0.1:9001/echo"),
        1, 0, untuned, 20_000);
    String fixes = r.checks().stream().map(Preflight.Check::fix).collect(Collectors.joining("\n"));
    assertTrue(fixes.contains("sysctl -w net.core.somaxconn=" + HostTuning.QUEUE), fixes);
    assertTrue(fixes.contains("sysctl -w net.ipv4.tcp_max_syn_backlog=" + HostTuning.QUEUE), fixes);
    assertTrue(fixes.contains("sysctl -w fs.file-max=" + value("fs.file-max", 1000)), fixes);
  }

  @Test
  void theLinesBinTuneHostReadsAreOnePerSetting() {
    var out = new java.io.ByteArrayOutputStream();
    var stdout = System.out;
    System.setOut(new java.io.PrintStream(out, true));
    try {
      HostTuning.main(new String[] {"15000"});
    } finally {
      System.setOut(stdout);
    }
    String printed = out.toString();
    assertTrue(printed.startsWith("min fs.file-max 2097152\n"), printed);
    assertTrue(printed.contains("\nrange net.ipv4.ip_local_port_range 1024 65535\n"), printed);
    assertTrue(printed.contains("\nnofile - " + HostTuning.openFilesFor(15_000) + "\n"), printed);
    assertTrue(printed.matches("(?s).*\nper-process - \\d+\n"), printed);
  }
}
