package io.wsloadtest.simlog;

import java.nio.file.Path;

/** Thrown for any unusable simulation.log, input or output; the message always names the offending file. */
public final class SimulationLogException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient Path file;

  public SimulationLogException(Path file, String message) {
    super(file + ": " + message);
    this.file = file;
  }

  public SimulationLogException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = file;
  }

  /** The file that caused the failure. */
  public Path file() {
    return file;
  }
}
