package io.wsloadtest.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsloadtest.simlog.RunStatistics;
import io.wsloadtest.simlog.SimulationLogException;
import io.wsloadtest.ws.DropTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The figures of one run, found in a folder a user names: a bin/launch run folder (its merged
 * simulation.log), a Gatling report folder (mvn gatling:test, or a merged report), or a bin/capacity folder
 * (capacity.json; its requests from the last good level's run). Every figure is exact, from the log.
 */
public final class ComparedRun {

  /** A folder that holds no run this class can read; the message says what was expected. */
  public static final class Unreadable extends Exception {
    Unreadable(String message) {
      super(message);
    }
  }

  public final Path dir;
  /** What the folder is, for the table's header. */
  public final String kind;
  /** The log the request figures come from; null for a capacity search without a good level. */
  public final Path log;
  public final Map<String, RequestFigures> requests;
  public final long totalOk;
  public final long totalKo;
  public final Map<String, Long> dropsByCause;
  /** A capacity search's last good level; empty for a plain run (or a search without one). */
  public final OptionalLong capacity;

  private ComparedRun(Path dir, String kind, Path log, RunStatistics s, OptionalLong capacity) {
    this.dir = dir;
    this.kind = kind;
    this.log = log;
    this.capacity = capacity;
    Map<String, RequestFigures> r = new LinkedHashMap<>();
    if (s != null) {
      s.requests.keySet().forEach(name -> r.put(name, RequestFigures.of(s, name)));
    }
    this.requests = r;
    this.totalOk = s == null ? 0 : s.totalOk();
    this.totalKo = s == null ? 0 : s.totalKo();
    this.dropsByCause = s == null ? Map.of() : DropTable.from(s).byCause;
  }

  public double koPercent() {
    long n = totalOk + totalKo;
    return n == 0 ? 0 : 100.0 * totalKo / n;
  }

  public long drops() {
    return dropsByCause.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Reads the run in {@code dir}, or says why it cannot. */
  public static ComparedRun read(Path dir) throws Unreadable {
    if (!Files.isDirectory(dir)) {
      throw new Unreadable(dir + ": no such folder");
    }
    Path capacityFile = dir.resolve("capacity.json");
    if (Files.isRegularFile(capacityFile)) {
      return capacity(dir, capacityFile);
    }
    Path log = findLog(dir);
    if (log == null) {
      throw new Unreadable(dir + ": holds no simulation.log, run-summary.json or capacity.json; name a bin/launch run"
          + " folder, a Gatling report folder (reports/NAME-TIME) or a bin/capacity folder");
    }
    String kind = Files.exists(dir.resolve("run-summary.json")) ? "bin/launch run" : "Gatling run";
    return new ComparedRun(dir, kind, log, statistics(log), OptionalLong.empty());
  }

  /** DIR/simulation.log, DIR/merged/NAME/simulation.log, or the one of the single run folder DIR holds. */
  static Path findLog(Path dir) throws Unreadable {
    if (Files.isRegularFile(dir.resolve("simulation.log"))) {
      return dir.resolve("simulation.log");
    }
    List<Path> merged = logsUnder(dir.resolve("merged"));
    if (!merged.isEmpty()) {
      return only(dir, merged);
    }
    List<Path> inside = new ArrayList<>();
    for (Path sub : subfolders(dir)) {
      if (Files.isRegularFile(sub.resolve("simulation.log"))) {
        inside.add(sub.resolve("simulation.log"));
      }
      inside.addAll(logsUnder(sub.resolve("merged")));
    }
    return inside.isEmpty() ? null : only(dir, inside);
  }

  private static Path only(Path dir, List<Path> logs) throws Unreadable {
    if (logs.size() > 1) {
      throw new Unreadable(dir + ": holds " + logs.size() + " runs (" + logs.stream().map(l -> dir.relativize(l).toString())
          .toList() + "); name one of them");
    }
    return logs.get(0);
  }

  private static List<Path> logsUnder(Path dir) throws Unreadable {
    List<Path> out = new ArrayList<>();
    for (Path sub : subfolders(dir)) {
      if (Files.isRegularFile(sub.resolve("simulation.log"))) {
        out.add(sub.resolve("simulation.log"));
      }
    }
    return out;
  }

  private static List<Path> subfolders(Path dir) throws Unreadable {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new Unreadable(dir + ": cannot list it: " + e.getMessage());
    }
  }

  private static RunStatistics statistics(Path log) throws Unreadable {
    try {
      return RunStatistics.read(log);
    } catch (SimulationLogException e) {
      throw new Unreadable(e.getMessage());
    }
  }

  private static ComparedRun capacity(Path dir, Path file) throws Unreadable {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new Unreadable(file + ": not a capacity.json: " + e.getMessage());
    }
    JsonNode lastGood = root.path("lastGood");
    if (lastGood.isMissingNode() || lastGood.isNull()) {
      return new ComparedRun(dir, "capacity search (no good level)", null, null, OptionalLong.of(0));
    }
    if (!lastGood.path("level").canConvertToLong()) {
      throw new Unreadable(file + ": lastGood has no level");
    }
    Path runDir = dir.resolve(lastGood.path("runDir").asText(""));
    Path log = lastGood.path("runDir").asText("").isEmpty() ? null : findLog(runDir);
    return new ComparedRun(dir, "capacity search, requests of its last good level", log,
        log == null ? null : statistics(log), OptionalLong.of(lastGood.path("level").asLong()));
  }
}
