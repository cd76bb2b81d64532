package io.wsloadtest.simlog;

import java.util.List;

/** One decoded record of a simulation.log; times are absolute epoch millis. Fields unused by a type stay default. */
final class LogRecord {
  // Record header bytes (io.gatling.core.stats.writer.RecordHeader).
  static final int RUN = 0;
  static final int REQUEST = 1;
  static final int USER = 2;
  static final int GROUP = 3;
  static final int ERROR = 4;

  int type;
  List<LogString> groups = List.of();
  LogString name;
  LogString message;
  int scenario;
  boolean userStart;
  long start;
  long end;
  int cumulatedResponseTime;
  boolean ok;
  /** When the event was written (end of request/group, user/error timestamp). */
  long sortTime;
}
