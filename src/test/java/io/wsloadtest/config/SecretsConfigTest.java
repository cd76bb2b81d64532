package io.wsloadtest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Handshake headers and the trust-store password: read from every layer, never shown. */
class SecretsConfigTest {

  static final String TOKEN = "Bearer abc.def.ghi";

  @Test
  void headersComeFromTheEnvironment_namesInLowerCaseWithDashes() {
    LoadTestConfig c = LoadTestConfig.parse(new Properties(),
        Map.of("WSLOAD_HANDSHAKE_HEADERS_AUTHORIZATION", TOKEN, "WSLOAD_HANDSHAKE_HEADERS_X__API__KEY", "k-1"));
    assertEquals(Map.of("authorization", TOKEN, "x-api-key", "k-1"), c.handshakeHeaders().values());
  }

  @Test
  void headersFromSystemPropertiesKeepTheirCase_andAreNotUnknownKeys() {
    Properties p = new Properties();
    p.setProperty("wsload.handshake.headers.Authorization", TOKEN);
    LoadTestConfig c = LoadTestConfig.parse(p, Map.of());
    assertEquals(Map.of("Authorization", TOKEN), c.handshakeHeaders().values());
  }

  @Test
  void noHeadersByDefault() {
    assertTrue(LoadTestConfig.parse(new Properties(), Map.of()).handshakeHeaders().isEmpty());
  }

  @Test
  void secretsNeverAppearInToStringOrInAnErrorNextToThem() {
    Properties p = new Properties();
    p.setProperty("wsload.handshake.headers.Authorization", TOKEN);
    p.setProperty("wsload.tls.trust-store-password", "p4ssw0rd");
    LoadTestConfig c = LoadTestConfig.parse(p, Map.of());
    assertFalse(c.toString().contains(TOKEN), c.toString());
    assertFalse(c.toString().contains("p4ssw0rd"), c.toString());
    assertTrue(c.toString().contains("HandshakeHeaders[Authorization=***]"), c.toString());
    assertEquals("Authorization=***", c.handshakeHeaders().describe());

    p.setProperty("users", "0");
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> LoadTestConfig.parse(p, Map.of()));
    assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
  }
}
