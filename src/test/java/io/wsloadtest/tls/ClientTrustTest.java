package io.wsloadtest.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.config.ServerSettings;
import io.wsloadtest.server.EchoServer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each trust choice against a real TLS echo server with a self-signed certificate, over loopback. */
class ClientTrustTest {

  static EchoServer server;
  static Path cert;

  @BeforeAll
  static void start() throws Exception {
    server = new EchoServer(ServerSettings.loopbackDefaults().withTls(ServerSettings.Tls.SELF_SIGNED));
    server.start();
    cert = server.selfSignedCertificate();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theJvmCasDoNotTrustASelfSignedCertificate() {
    assertThrows(SSLHandshakeException.class, () -> handshake(ClientTrust.trustManagers(false, null, "", List.of())));
  }

  @Test
  void aPemTrustStoreIsTrusted() throws Exception {
    handshake(ClientTrust.trustManagers(false, cert, "", List.of()));
  }

  @Test
  void aPasswordProtectedPkcs12TrustStoreIsTrusted_andAWrongPasswordIsExplained(@TempDir Path dir) throws Exception {
    Path p12 = dir.resolve("trust.p12");
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (var in = Files.newInputStream(cert)) {
      store.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    try (OutputStream out = Files.newOutputStream(p12)) {
      store.store(out, "s3cret".toCharArray());
    }
    handshake(ClientTrust.trustManagers(false, p12, "s3cret", List.of()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientTrust.load(p12, "wrong"));
    assertTrue(e.getMessage().startsWith("cannot read it as PEM certificates or a PKCS12/JKS store with the given password"),
        e.getMessage());
  }

  @Test
  void trustAllAcceptsAnyCertificate() throws Exception {
    handshake(ClientTrust.trustManagers(true, null, "", List.of()));
  }

  @Test
  void installedPolicyBecomesTheJvmDefaultThatGatlingUses() throws Exception {
    String before = Security.getProperty("ssl.TrustManagerFactory.algorithm");
    try {
      ClientTrust.installAsJvmDefault(ClientTrust.trustManagers(false, null, "", List.of(cert)));
      assertEquals(ClientTrust.ALGORITHM, TrustManagerFactory.getDefaultAlgorithm());
      // What Netty does for Gatling when no trust manager is given: the default factory, initialised with null.
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((KeyStore) null);
      handshake(tmf.getTrustManagers());
      SSLContext jvmDefault = SSLContext.getInstance("TLS");
      jvmDefault.init(null, null, null);
      handshake(jvmDefault);
    } finally {
      Security.setProperty("ssl.TrustManagerFactory.algorithm", before);
      Security.removeProvider("WsLoadTrustProvider");
    }
  }

  @Test
  void aPemFileWithoutCertificatesIsRefused(@TempDir Path dir) throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "-----BEGIN NOTHING-----\n-----END NOTHING-----\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientTrust.load(empty, ""));
    assertTrue(e.getMessage().contains("PEM"), e.getMessage());
  }

  private static void handshake(TrustManager[] managers) throws Exception {
    handshake(ClientTrust.sslContext(managers));
  }

  /** A full TLS handshake with the server; throws SSLHandshakeException when the certificate is not trusted. */
  private static void handshake(SSLContext ctx) throws Exception {
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", server.boundPorts().get(0))) {
      s.setSoTimeout(10_000);
      s.startHandshake();
      assertTrue(s.getSession().isValid());
    }
  }
}
