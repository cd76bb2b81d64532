package io.wsloadtest.simlog;

import java.util.ArrayList;
import java.util.List;

/** The run record (first record of the file). */
final class LogHeader {
  LogString gatlingVersionRaw;
  String gatlingVersion;
  LogString simulationClassRaw;
  String simulationClass;
  long start;
  LogString description;
  final List<LogString> scenarios = new ArrayList<>();
  /** Boopickle-serialized io.gatling.commons.stats.assertion.Assertion, copied as opaque bytes. */
  final List<byte[]> assertions = new ArrayList<>();
}
