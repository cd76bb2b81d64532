package io.wsloadtest.feeders;

import io.wsloadtest.config.IpRanges;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

/**
 * Source IPs for outgoing connections, from a CSV file. Each bound source IP gives one ephemeral port range
 * (~28k) in total, so several of them let one host open more connections than that.
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

  /** True when this host can bind a socket to the address, i.e. it is assigned to a local interface. */
  public static boolean isLocal(InetAddress ip) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(ip, 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
