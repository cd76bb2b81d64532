package io.wsloadtest.simlog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulation.log in Gatling 3.15.1's layout with records a test chooses (one scenario, users, requests, optionally
 * in groups, and the run's assertions as Gatling serialises them), for tests of what reads logs where a real run
 * cannot give exact, known figures: percentiles, KOs, drops.
 */
public final class SyntheticLog {

  /** The run start of {@link #SyntheticLog(String)}: request times are given in ms after it. */
  public static final long T0 = 1_700_000_000_000L;

  private final LogHeader header = new LogHeader();
  private final List<LogRecord> records = new ArrayList<>();

  /** A run of {@code simulationClass} started at {@link #T0}, without assertions. */
  public SyntheticLog(String simulationClass) {
    this(T0, simulationClass, List.of());
  }

  /** A run started at {@code runStart} (epoch ms) with these serialised assertions. */
  public SyntheticLog(long runStart, List<byte[]> assertions) {
    this(runStart, "io.example.SyntheticSimulation", assertions);
  }

  private SyntheticLog(long runStart, String simulationClass, List<byte[]> assertions) {
    header.gatlingVersionRaw = LogString.of(LogReader.SUPPORTED_GATLING_VERSION);
    header.gatlingVersion = LogReader.SUPPORTED_GATLING_VERSION;
    header.simulationClassRaw = LogString.of(simulationClass);
    header.simulationClass = simulationClass;
    header.start = runStart;
    header.description = LogString.EMPTY;
    header.scenarios.add(LogString.of("synthetic"));
    header.assertions.addAll(assertions);
  }

  public SyntheticLog user(boolean start, long at) {
    LogRecord r = new LogRecord();
    r.type = LogRecord.USER;
    r.userStart = start;
    r.start = at;
    records.add(r);
    return this;
  }

  /** A request record at absolute times (epoch ms); {@code message} "" for none. */
  public SyntheticLog request(List<String> groups, String name, long start, long end, boolean ok, String message) {
    LogRecord r = new LogRecord();
    r.type = LogRecord.REQUEST;
    r.groups = groups.stream().map(LogString::of).toList();
    r.name = LogString.of(name);
    r.start = start;
    r.end = end;
    r.ok = ok;
    r.message = LogString.of(message);
    records.add(r);
    return this;
  }

  /** A request record: start and end in ms after the run start, OK or not, and the KO message ("" for none). */
  public SyntheticLog request(String name, long startMs, long endMs, boolean ok, String message) {
    return request(List.of(), name, header.start + startMs, header.start + endMs, ok, message);
  }

  /** {@code count} OK requests of {@code name}, one per ms from {@code startMs}, taking 1, 2, ... count ms. */
  public SyntheticLog okRequests(String name, long startMs, int count) {
    for (int i = 1; i <= count; i++) {
      request(name, startMs + i, startMs + i + i, true, "");
    }
    return this;
  }

  public SyntheticLog group(List<String> groups, long start, long end, int cumulated, boolean ok) {
    LogRecord r = new LogRecord();
    r.type = LogRecord.GROUP;
    r.groups = groups.stream().map(LogString::of).toList();
    r.start = start;
    r.end = end;
    r.cumulatedResponseTime = cumulated;
    r.ok = ok;
    records.add(r);
    return this;
  }

  public Path write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (LogWriter w = LogWriter.open(file, header)) {
      for (LogRecord r : records) {
        w.write(r, new int[] {0});
      }
    }
    return file;
  }
}
