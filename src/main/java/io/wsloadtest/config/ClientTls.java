package io.wsloadtest.config;

import java.nio.file.Path;

/**
 * Which server certificates wss:// connections accept (wsload.tls).
 *
 * @param trustStore null = the JVM's CA certificates (plus the embedded server's own certificate)
 */
public record ClientTls(boolean trustAll, Path trustStore, String trustStorePassword) {

  @Override
  public String toString() {
    // The password is a secret: never in a log line or a banner.
    return "ClientTls[trustAll=" + trustAll + ", trustStore=" + trustStore + ", trustStorePassword="
        + (trustStorePassword.isEmpty() ? "" : "***") + "]";
  }

  /** wsload.tls. */
  static ClientTls read(KeyReader r) {
    boolean trustAll = r.bool("tls.trust-all");
    String store = r.string("tls.trust-store", "");
    String password = r.string("tls.trust-store-password", "");
    if (store.isBlank()) {
      return new ClientTls(trustAll, null, password);
    }
    if (trustAll) {
      r.problem("tls.trust-all", true, "accepts any certificate, so wsload.tls.trust-store (" + store
          + ") would be ignored; set one or the other");
    }
    return new ClientTls(trustAll, Path.of(store), password);
  }
}
