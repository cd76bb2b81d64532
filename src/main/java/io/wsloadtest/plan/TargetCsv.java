package io.wsloadtest.plan;

import io.wsloadtest.config.Target;
import java.nio.file.Path;
import java.util.List;

/**
 * Targets from a CSV file, one per line: {@code host,port,path} with an optional fourth field
 * {@code ws} or {@code wss} (default ws). A header line starting with "host" is skipped.
 */
public final class TargetCsv {

  private TargetCsv() {}

  public static List<Target> read(Path file) {
    return CsvFile.read(file, "host", TargetCsv::row);
  }

  private static Target row(String[] f) {
    if (f.length < 2 || f.length > 4) {
      throw new IllegalArgumentException("expected host,port,path[,ws|wss] but found " + f.length + " field(s)");
    }
    int port;
    try {
      port = Integer.parseInt(f[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port '" + f[1] + "' is not a number 1-65535");
    }
    String path = f.length > 2 ? f[2] : "/";
    String scheme = f.length > 3 ? f[3].toLowerCase() : "ws";
    if (!scheme.equals("ws") && !scheme.equals("wss")) {
      throw new IllegalArgumentException("scheme '" + f[3] + "' must be ws or wss");
    }
    return Target.of(scheme, f[0], port, path);
  }
}
