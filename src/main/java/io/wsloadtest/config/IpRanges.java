package io.wsloadtest.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** IP literals and IPv4 ranges such as "127.0.0.2-127.0.0.9", parsed without any lookup. */
public final class IpRanges {

  private IpRanges() {}

  /** Expands entries such as "127.0.0.2" and "127.0.0.2-127.0.0.9"; refuses malformed ones and duplicates. */
  public static List<InetAddress> parse(List<String> entries) {
    List<InetAddress> out = new ArrayList<>();
    Set<InetAddress> seen = new LinkedHashSet<>();
    for (String entry : entries) {
      for (InetAddress ip : expand(entry.strip())) {
        if (!seen.add(ip)) {
          throw new IllegalArgumentException("source IP " + ip.getHostAddress() + " is listed twice");
        }
        out.add(ip);
      }
    }
    return out;
  }

  private static List<InetAddress> expand(String entry) {
    int dash = entry.indexOf('-');
    if (dash < 0) {
      return List.of(literal(entry));
    }
    InetAddress first = literal(entry.substring(0, dash).strip());
    InetAddress last = literal(entry.substring(dash + 1).strip());
    if (!(first instanceof Inet4Address) || !(last instanceof Inet4Address)) {
      throw new IllegalArgumentException("range '" + entry + "': ranges are IPv4 only");
    }
    long from = toLong(first);
    long to = toLong(last);
    if (to < from) {
      throw new IllegalArgumentException("range '" + entry + "' ends before it starts");
    }
    if (to - from >= 4096) {
      throw new IllegalArgumentException("range '" + entry + "' has more than 4096 addresses");
    }
    List<InetAddress> out = new ArrayList<>();
    for (long v = from; v <= to; v++) {
      out.add(fromLong(v));
    }
    return out;
  }

  /** Accepts IP literals only: a host name here would hide a DNS lookup and an ambiguous address. */
  static InetAddress literal(String s) {
    try {
      if (s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
        byte[] b = new byte[4];
        String[] parts = s.split("\\.");
        for (int i = 0; i < 4; i++) {
          int v = Integer.parseInt(parts[i]);
          if (v > 255) {
            throw new IllegalArgumentException("'" + s + "' is not an IP address (" + v + " > 255)");
          }
          b[i] = (byte) v;
        }
        return InetAddress.getByAddress(b);
      }
      if (s.contains(":") && s.matches("[0-9a-fA-F:.]+")) {
        return InetAddress.getByName(s); // an IPv6 literal: parsed, never looked up
      }
    } catch (UnknownHostException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("'" + s + "' is not an IP address");
  }

  private static long toLong(InetAddress ip) {
    long v = 0;
    for (byte b : ip.getAddress()) {
      v = (v << 8) | (b & 0xff);
    }
    return v;
  }

  private static InetAddress fromLong(long v) {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
