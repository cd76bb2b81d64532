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
}
