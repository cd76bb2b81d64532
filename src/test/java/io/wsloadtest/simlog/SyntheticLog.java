package io.wsloadtest.simlog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Gatling 3.15.1 simulation.log written record by record, for tests outside this package that need a log
 * with known figures (exact percentiles, KOs, drops) without running Gatling.
 */
public final class SyntheticLog {

  public static final long T0 = 1_700_000_000_000L;

  private final List<LogRecord> records = new ArrayList<>();
  private final String simulationClass;

  public SyntheticLog(String simulationClass) {
    this.simulationClass = simulationClass;
  }

  /** A request record: its name, start and end in ms after {@link #T0}, OK or not, and the KO message. */
  public SyntheticLog request(String name, long startMs, long endMs, boolean ok, String message) {
    LogRecord r = new LogRecord();
    r.type = LogRecord.REQUEST;
    r.name = LogString.of(name);
    r.start = T0 + startMs;
    r.end = T0 + endMs;
    r.ok = ok;
    r.message = LogString.of(message);
    records.add(r);
    return this;
  }

  /** {@code count} OK requests of {@code name}, one per ms from {@code startMs}, taking 1, 2, ... count ms. */
  public SyntheticLog okRequests(String name, long startMs, int count) {
    for (int i = 1; i <= count; i++) {
      request(name, startMs + i, startMs + i + i, true, "");
    }
    return this;
  }

  public Path write(Path file) throws IOException {
    LogHeader h = new LogHeader();
    h.gatlingVersionRaw = LogString.of(LogReader.SUPPORTED_GATLING_VERSION);
    h.simulationClassRaw = LogString.of(simulationClass);
    h.start = T0;
    h.description = LogString.EMPTY;
    h.scenarios.add(LogString.of("scenario"));
    java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
    try (LogWriter w = LogWriter.open(file, h)) {
      for (LogRecord r : records) {
        w.write(r, new int[] {0});
      }
    }
    return file;
  }
}
