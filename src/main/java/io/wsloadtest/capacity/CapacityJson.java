package io.wsloadtest.capacity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.wsloadtest.compare.RequestFigures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * capacity.json: the search's answer (lastGood, firstBad, the SLO that broke first) and every level's row. Field
 * names are stable and documented in the README; latencies in ms, null where a percentile falls on failed
 * responses ("KO") or there was no response.
 */
final class CapacityJson {

  /** What the search was asked: written with the answer so a file says how it was obtained. */
  record Asked(String simulation, Dimension dimension, List<Slo> slos, long resolution, long holdMs,
      double maxInjectorCpuPercent, double maxInjectorCpuWaitPercent, double maxInjectorGcPercent,
      List<String> command) {}

  private CapacityJson() {}

  static void write(Path file, Asked asked, SearchResult result, double wallSeconds) throws IOException {
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), tree(asked, result, wallSeconds));
  }

  static Map<String, Object> tree(Asked asked, SearchResult r, double wallSeconds) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("simulation", asked.simulation());
    root.put("dimension", asked.dimension().configName);
    root.put("unit", asked.dimension().unit);
    root.put("outcome", r.outcome().jsonName);
    root.put("lastGood", r.lastGood() == null ? null : level(r.lastGood()));
    root.put("firstBad", r.firstBad() == null ? null : level(r.firstBad()));
    root.put("firstBrokenSlo", r.firstBrokenSlo());
    root.put("inconclusive", r.inconclusive() == null ? null : level(r.inconclusive()));
    Map<String, Object> slo = new LinkedHashMap<>();
    asked.slos().forEach(s -> slo.put(s.kind().key, s.written()));
    root.put("slo", slo);
    root.put("resolution", asked.resolution());
    root.put("holdMs", asked.holdMs());
    Map<String, Object> limits = new LinkedHashMap<>();
    limits.put("maxCpuPercent", asked.maxInjectorCpuPercent());
    limits.put("maxCpuWaitPercent", Double.isInfinite(asked.maxInjectorCpuWaitPercent()) ? null
        : asked.maxInjectorCpuWaitPercent());
    limits.put("maxGcPercent", asked.maxInjectorGcPercent());
    root.put("injectorLimits", limits);
    root.put("figures", RequestFigures.METHOD + "; connect and reconnect over the whole level, other requests over"
        + " its hold; KO %, drops and gaps over the whole level");
    root.put("wallSeconds", Math.round(wallSeconds * 10) / 10.0);
    root.put("command", asked.command());
    List<Object> levels = new ArrayList<>();
    r.levels().forEach(l -> levels.add(level(l)));
    root.put("levels", levels);
    return root;
  }

  static Map<String, Object> level(LevelRow row) {
    LevelFigures f = row.figures();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("level", row.level());
    m.put("phase", row.phase());
    m.put("verdict", row.verdict().name().toLowerCase());
    m.put("brokenSlos", row.broken().stream().map(b -> Map.of("slo", b.slo(), "limit", b.limit(), "actual", b.actual()))
        .toList());
    m.put("firstBrokenSlo", row.firstBroken());
    m.put("inconclusiveReason", row.reason());
    m.put("offered", f.offered());
    m.put("achieved", Math.round(f.achieved() * 10) / 10.0);
    Map<String, Object> requests = new LinkedHashMap<>();
    f.requests().forEach((name, q) -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("window", f.windows().get(name));
      x.put("count", q.count());
      x.put("ko", q.ko());
      x.put("koPercent", round2(q.koPercent()));
      x.put("p50", ms(q.p50()));
      x.put("p95", ms(q.p95()));
      x.put("p99", ms(q.p99()));
      x.put("maxOk", ms(q.maxOk()));
      requests.put(name, x);
    });
    m.put("requests", requests);
    m.put("koPercent", round2(f.koPercent()));
    m.put("dropsByCause", f.dropsByCause());
    m.put("dropsPerMinute", round2(f.dropsPerMinute()));
    m.put("pushGaps", f.pushGaps());
    List<Object> injectors = new ArrayList<>();
    for (InjectorUse u : f.injectors()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("shard", u.shard());
      x.put("cpuPercent", round2(u.cpuPercent()));
      x.put("cpuWaitPercent", round2(u.cpuWaitPercent()));
      x.put("gcPercent", round2(u.gcPercent()));
      x.put("gcLongestPauseMs", round2(u.gcLongestPauseMs()));
      x.put("heapUsedMaxMb", u.heapUsedMaxMb());
      x.put("heapCommittedMaxMb", u.heapCommittedMaxMb());
      x.put("peakRssMb", u.peakRssMb());
      injectors.add(x);
    }
    m.put("injectors", injectors);
    m.put("runDir", f.runDir());
    m.put("report", f.report());
    m.put("launcherExitCode", f.launcherExitCode());
    m.put("wallSeconds", Math.round(f.wallSeconds() * 10) / 10.0);
    return m;
  }

  private static Long ms(long v) {
    return v == RequestFigures.FAILED || v == RequestFigures.NONE ? null : v;
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
