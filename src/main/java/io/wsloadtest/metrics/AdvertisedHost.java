package io.wsloadtest.metrics;

import io.wsloadtest.config.MetricsSettings;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The address a /metrics endpoint is registered with for Prometheus: one it can reach, never a wildcard.
 * The configured wsload.metrics.advertised-host wins; else the bind address; bound to every interface, this
 * host's own address.
 */
final class AdvertisedHost {

  private AdvertisedHost() {}

  static String of(MetricsSettings settings) {
    return choose(settings.host(), settings.advertisedHost(), AdvertisedHost::interfaceAddresses);
  }

  /** {@code interfaces}: the addresses of this host's interfaces that are up, asked for only when needed. */
  static String choose(String bindHost, String advertised, Supplier<List<InetAddress>> interfaces) {
    if (!advertised.isBlank()) {
      return advertised;
    }
    if (!MetricsSettings.WILDCARDS.contains(bindHost)) {
      return bindHost;
    }
    return ownAddress(interfaces.get()).map(AdvertisedHost::text).orElse(InetAddress.getLoopbackAddress().getHostAddress());
  }

  /** The first address another host could use: not loopback, not link-local; IPv4 before IPv6. */
  static Optional<InetAddress> ownAddress(List<InetAddress> addresses) {
    List<InetAddress> usable = addresses.stream()
        .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress()).toList();
    return usable.stream().filter(a -> a instanceof Inet4Address).findFirst()
        .or(() -> usable.stream().findFirst());
  }

  /** host:port, with an IPv6 literal in brackets. */
  static String withPort(String host, int port) {
    return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  /** An address as text, without the interface suffix ("%eth0") an interface's IPv6 address carries. */
  private static String text(InetAddress a) {
    String s = a.getHostAddress();
    return a instanceof Inet6Address && s.contains("%") ? s.substring(0, s.indexOf('%')) : s;
  }

  /** Addresses of the interfaces that are up and not loopback, in the order of their interface index. */
  private static List<InetAddress> interfaceAddresses() {
    try {
      return NetworkInterface.networkInterfaces()
          .filter(AdvertisedHost::upAndReal)
          .sorted(Comparator.comparingInt(NetworkInterface::getIndex))
          .flatMap(NetworkInterface::inetAddresses)
          .toList();
    } catch (SocketException e) {
      return List.of();
    }
  }

  private static boolean upAndReal(NetworkInterface i) {
    try {
      return i.isUp() && !i.isLoopback() && !i.isVirtual();
    } catch (SocketException e) {
      return false;
    }
  }
}
