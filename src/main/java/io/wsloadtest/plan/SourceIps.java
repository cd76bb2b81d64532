package io.wsloadtest.plan;

import io.wsloadtest.config.IpRanges;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * Source IPs for outgoing connections, from a CSV file (wsload.source-ips-csv). Each bound source IP gives one
 * ephemeral port range (~28k) in total, so several of them let one host open more connections than that.
 */
public final class SourceIps {

  private SourceIps() {}

  /** One IP or range per line (header "ip" optional); parsed as {@link IpRanges#parse}. */
  public static List<InetAddress> readCsv(Path file) {
    List<String> entries = CsvFile.read(file, "ip", f -> {
      if (f.length != 1) {
        throw new IllegalArgumentException("expected one IP or range per line");
      }
      return f[0];
    });
    return IpRanges.parse(entries);
  }
}
