package io.wsloadtest.simlog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulation.log in Gatling 3.15.1's layout with records a test chooses: one scenario, users, requests
 * (optionally in a group) and the run's assertions as Gatling serialises them. For tests of what reads logs
 * where a real run cannot give exact, known figures.
 */
public final class SyntheticLog {

  private final LogHeader header = new LogHeader();
  private final List<LogRecord> records = new ArrayList<>();

  public SyntheticLog(long runStart, List<byte[]> assertions) {
    header.gatlingVersionRaw = LogString.of(LogReader.SUPPORTED_GATLING_VERSION);
    header.gatlingVersion = LogReader.SUPPORTED_GATLING_VERSION;
    header.simulationClassRaw = LogString.of("io.example.SyntheticSimulation");
    header.simulationClass = "io.example.SyntheticSimulation";
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

  /** A request record; {@code message} "" for none. */
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
    try (LogWriter w = LogWriter.open(file, header)) {
      for (LogRecord r : records) {
        w.write(r, new int[] {0});
      }
    }
    return file;
  }
}
