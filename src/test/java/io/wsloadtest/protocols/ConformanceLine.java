package io.wsloadtest.protocols;

import io.wsloadtest.simlog.RunStatistics;

/** One line per conformance run in the test output: what the report and the server counted, side by side. */
final class ConformanceLine {

  private ConformanceLine() {}

  static void print(String protocol, String run, RunStatistics s, String serverCounts) {
    StringBuilder report = new StringBuilder();
    for (String request : s.requests.keySet()) {
      report.append(" '").append(request).append("' ").append(s.ok(request)).append('/').append(s.ko(request));
      if (s.ok(request) > 0) {
        report.append(" (p50 ").append(s.percentile(request, 50)).append(" ms, p99 ").append(s.percentile(request, 99))
            .append(" ms)");
      }
    }
    System.out.printf("%s %s: report (ok/ko)%s; server:%s%n", protocol, run, report, serverCounts);
  }
}
