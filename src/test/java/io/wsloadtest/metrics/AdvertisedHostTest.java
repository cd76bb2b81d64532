package io.wsloadtest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Which address a /metrics endpoint registers: the configured one, the bind address, or this host's own. */
class AdvertisedHostTest {

  static final Supplier<List<InetAddress>> NOT_ASKED = () -> fail("interfaces read although not needed");

  static List<InetAddress> addresses(String... literals) {
    return java.util.Arrays.stream(literals).map(a -> {
      try {
        return InetAddress.getByName(a); // literals only: no name lookup
      } catch (java.net.UnknownHostException e) {
        throw new IllegalArgumentException(e);
      }
    }).toList();
  }

  @Test
  void theConfiguredAddressWinsThenTheBindAddress() {
    assertEquals("metrics.example.net", AdvertisedHost.choose("0.0.0.0", "metrics.example.net", NOT_ASKED));
    assertEquals("10.0.0.7", AdvertisedHost.choose("127.0.0.1", "10.0.0.7", NOT_ASKED));
    assertEquals("127.0.0.3", AdvertisedHost.choose("127.0.0.3", "", NOT_ASKED));
  }

  @Test
  void boundToEveryInterfaceItIsThisHostsFirstAddressOthersCanReachIpv4First() {
    List<InetAddress> host = addresses("fe80::1", "fd00::2", "169.254.9.9", "192.0.2.2", "198.51.100.4");
    assertEquals("192.0.2.2", AdvertisedHost.choose("0.0.0.0", "", () -> host));
    assertEquals("192.0.2.2", AdvertisedHost.choose("::", "", () -> host));
    // Only IPv6 beyond link-local: that one, bracketed in host:port.
    String v6 = AdvertisedHost.choose("[::]", "", () -> addresses("fe80::1", "fd00::2"));
    assertEquals("fd00:0:0:0:0:0:0:2", v6);
    assertEquals("[fd00:0:0:0:0:0:0:2]:9464", AdvertisedHost.withPort(v6, 9464));
    // A host with loopback only (a laptop offline): loopback, which a Prometheus on the same host reaches.
    assertEquals("127.0.0.1", AdvertisedHost.choose("0.0.0.0", "", () -> addresses("127.0.0.1", "::1")));
  }

  @Test
  void hostAndPort() {
    assertEquals("127.0.0.1:9100", AdvertisedHost.withPort("127.0.0.1", 9100));
    assertEquals("[::1]:9100", AdvertisedHost.withPort("::1", 9100));
    assertEquals("[::1]:9100", AdvertisedHost.withPort("[::1]", 9100));
  }
}
