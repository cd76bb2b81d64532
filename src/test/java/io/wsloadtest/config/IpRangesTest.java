package io.wsloadtest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Source IP entries: literals and ranges only, parsed without a lookup. */
class IpRangesTest {

  @Test
  void literalsAndRangesExpandInOrder() {
    assertEquals(List.of("127.0.0.2", "127.0.0.5", "127.0.0.6", "127.0.0.7", "::1"),
        IpRanges.parse(List.of("127.0.0.2", " 127.0.0.5 - 127.0.0.7", "::1")).stream()
            .map(InetAddress::getHostAddress).map(a -> a.equals("0:0:0:0:0:0:0:1") ? "::1" : a).toList());
  }

  @Test
  void sourceIpEntriesThatAreRefused() {
    assertEquals("'localhost' is not an IP address",
        assertThrows(IllegalArgumentException.class, () -> IpRanges.parse(List.of("localhost"))).getMessage());
    assertEquals("range '127.0.0.9-127.0.0.2' ends before it starts",
        assertThrows(IllegalArgumentException.class, () -> IpRanges.parse(List.of("127.0.0.9-127.0.0.2"))).getMessage());
    assertEquals("range '127.0.0.0-127.0.255.255' has more than 4096 addresses",
        assertThrows(IllegalArgumentException.class, () -> IpRanges.parse(List.of("127.0.0.0-127.0.255.255"))).getMessage());
  }
}
