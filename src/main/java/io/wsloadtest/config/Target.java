package io.wsloadtest.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** One WebSocket endpoint: scheme, host, port and path. */
public record Target(String scheme, String host, int port, String path) {

  /** Parses a ws:// or wss:// URL; the message of the exception says what is wrong with it. */
  public static Target parseUrl(String url) {
    if (!url.contains("://")) {
      throw new IllegalArgumentException("scheme must be ws:// or wss://, got none; expected ws://host:port/path");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid URL (" + e.getReason() + "); expected ws://host:port/path");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("ws") && !scheme.equals("wss")) {
      throw new IllegalArgumentException("scheme must be ws:// or wss://, got '" + (scheme.isEmpty() ? "none" : scheme) + "'");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("no host in URL; expected ws://host:port/path");
    }
    int port = uri.getPort() == -1 ? (scheme.equals("wss") ? 443 : 80) : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    return of(scheme, uri.getHost(), port, path);
  }

  /** Validating factory used by the URL and CSV parsers. */
  public static Target of(String scheme, String host, int port, String path) {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port " + port + " is out of range 1-65535");
    }
    if (host.isBlank()) {
      throw new IllegalArgumentException("host is empty");
    }
    String p = path.isEmpty() ? "/" : path;
    if (!p.startsWith("/")) {
      throw new IllegalArgumentException("path '" + path + "' must start with /");
    }
    return new Target(scheme, host, port, p);
  }

  public String url() {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return scheme + "://" + h + ":" + port + path;
  }

  @Override
  public String toString() {
    return url();
  }
}
