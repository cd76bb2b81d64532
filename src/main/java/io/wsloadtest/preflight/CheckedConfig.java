package io.wsloadtest.preflight;

import io.wsloadtest.config.LoadTestConfig;
import io.wsloadtest.config.LoadTestConfig.Parsed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The configuration a process runs with: parsed from its system properties, environment and files
 * ({@link LoadTestConfig}, pure), then checked against this host ({@link HostChecks}). Every problem of both
 * is reported at once; the caller refuses the run with them (exit 3).
 */
public final class CheckedConfig {

  private CheckedConfig() {}

  /** The configuration of this JVM (system properties, environment, files), parsed and checked against this host. */
  public static LoadTestConfig load() {
    return load(System.getProperties(), System.getenv(), OsLimits.openFilesLimit());
  }

  /** Parses, then checks against this host; throws with every problem of both. */
  public static LoadTestConfig load(Properties systemProperties, Map<String, String> env, long openFilesLimit) {
    Parsed<LoadTestConfig> parsed = LoadTestConfig.read(systemProperties, env);
    List<String> problems = new ArrayList<>(parsed.problems());
    LoadTestConfig checked = HostChecks.check(parsed.value(), openFilesLimit, problems);
    return new Parsed<>(checked, problems).orThrow();
  }

  /** An echo server process's configuration, its PEM files checked. */
  public static LoadTestConfig.ServerProcess loadServerProcess() {
    Parsed<LoadTestConfig.ServerProcess> parsed = LoadTestConfig.readServerProcess(System.getProperties(), System.getenv());
    List<String> problems = new ArrayList<>(parsed.problems());
    HostChecks.serverFiles(parsed.value().server(), problems);
    return new Parsed<>(parsed.value(), problems).orThrow();
  }

}
