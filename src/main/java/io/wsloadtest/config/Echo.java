package io.wsloadtest.config;

import java.time.Duration;

/** Echo traffic: {@code count} messages of {@code size} bytes, one per interval; count 0 = until the end of the hold. */
public record Echo(boolean binary, int size, int count, Duration interval, Duration timeout) {

  /** wsload.echo; a message the server would refuse as too large is a problem here, not a KO later. */
  static Echo read(KeyReader r, ServerSettings server) {
    String type = r.string("echo.type", "text");
    if (!type.equals("text") && !type.equals("binary")) {
      r.problem("echo.type", type, "must be text or binary");
    }
    int size = r.positiveInt("echo.size", "-Dwsload.echo.size=64");
    if (size > server.maxFrameBytes()) {
      r.problem("echo.size", size, "is larger than the server's frame limit wsload.server.max-frame-bytes ("
          + server.maxFrameBytes() + "); the server would close with 1009");
    }
    int count = r.nonNegativeInt("echo.count", "must be 0 (until the end of the hold) or more");
    return new Echo(type.equals("binary"), size, count, r.positiveDuration("echo.interval"),
        r.positiveDuration("echo.timeout"));
  }
}
