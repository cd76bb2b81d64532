package io.wsloadtest.tls;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;

/**
 * Which server certificates a wss:// client accepts, as configured in wsload.tls:
 * trust-all (any certificate), a trust store (PKCS12, JKS or PEM certificates), certificates added at run time
 * (the embedded server's self-signed one), or else the JVM's CA certificates. The trust managers themselves
 * are the JDK's PKIX ones (Netty's insecure one for trust-all); this class only chooses.
 */
public final class ClientTrust {

  /** The JSSE algorithm name under which {@link #installAsJvmDefault} registers the chosen trust managers. */
  static final String ALGORITHM = "WsLoadTrust";

  private ClientTrust() {}

  /**
   * @param trustStore null for none
   * @param extraCertificates PEM files trusted in addition (when there is no trust store: instead of the CAs)
   */
  public static TrustManager[] trustManagers(boolean trustAll, Path trustStore, String password,
      List<Path> extraCertificates) {
    if (trustAll) {
      return InsecureTrustManagerFactory.INSTANCE.getTrustManagers();
    }
    try {
      KeyStore store = trustStore == null ? null : load(trustStore, password);
      if (!extraCertificates.isEmpty()) {
        if (store == null) {
          store = KeyStore.getInstance("PKCS12");
          store.load(null, null);
        }
        int i = 0;
        for (Path pem : extraCertificates) {
          for (Certificate c : pemCertificates(pem)) {
            store.setCertificateEntry("wsload-extra-" + i++, c);
          }
        }
      }
      TrustManagerFactory pkix = TrustManagerFactory.getInstance("PKIX");
      pkix.init(store); // null = the JVM's CA certificates (cacerts)
      return pkix.getTrustManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Loads a trust store: PEM certificates (a file starting with -----BEGIN) or a PKCS12/JKS key store.
   * The exception message says what is wrong, for the configuration error.
   */
  public static KeyStore load(Path file, String password) {
    try {
      byte[] head = new byte[11];
      int n;
      try (InputStream in = Files.newInputStream(file)) {
        n = in.readNBytes(head, 0, head.length);
      }
      if (new String(head, 0, n, StandardCharsets.US_ASCII).equals("-----BEGIN ")) {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Certificate c : pemCertificates(file)) {
          store.setCertificateEntry("cert-" + i++, c);
        }
        if (i == 0) {
          throw new IllegalArgumentException("no certificate in PEM file " + file);
        }
        return store;
      }
      return KeyStore.getInstance(file.toFile(), password.toCharArray());
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("file not found: " + file.toAbsolutePath());
    } catch (IOException | GeneralSecurityException e) {
      // Wrong password and wrong format both land here; the JDK's message is vague, so say both.
      throw new IllegalArgumentException("cannot read it as PEM certificates or a PKCS12/JKS store with the given"
          + " password (" + e.getMessage() + ")");
    }
  }

  private static Collection<? extends Certificate> pemCertificates(Path pem) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
  }

  /** An SSL context that trusts exactly these managers (test clients). */
  public static SSLContext sslContext(TrustManager[] managers) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, managers, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Makes these trust managers the JVM's default trust. Gatling builds its TLS contexts lazily from the
   * default TrustManagerFactory algorithm when its own insecure trust manager is off (gatling.conf), and its
   * configuration is fixed before a simulation runs; this is how settings resolved later (profiles,
   * environment, the embedded server's fresh certificate) reach it. Call once per JVM, before the first connect.
   */
  public static synchronized void installAsJvmDefault(TrustManager[] managers) {
    Security.removeProvider(TrustProvider.NAME);
    Security.addProvider(new TrustProvider(managers));
    Security.setProperty("ssl.TrustManagerFactory.algorithm", ALGORITHM);
  }

  private static final class TrustProvider extends Provider {
    static final String NAME = "WsLoadTrustProvider";

    TrustProvider(TrustManager[] managers) {
      super(NAME, "1.0", "ws-loadtest trust policy (wsload.tls)");
      putService(new Service(this, "TrustManagerFactory", ALGORITHM, Spi.class.getName(), null, null) {
        @Override
        public Object newInstance(Object parameter) {
          return new Spi(managers);
        }
      });
    }
  }

  private static final class Spi extends TrustManagerFactorySpi {
    private final TrustManager[] managers;

    Spi(TrustManager[] managers) {
      this.managers = managers;
    }

    @Override
    protected void engineInit(KeyStore ks) {
      // The policy was chosen from the configuration; JSSE's init(null) asks for "the default", which is it.
    }

    @Override
    protected void engineInit(ManagerFactoryParameters spec) {}

    @Override
    protected TrustManager[] engineGetTrustManagers() {
      return managers.clone();
    }
  }
}
