package io.wsloadtest.run;

import io.wsloadtest.config.ClientTls;
import io.wsloadtest.config.Injection;
import io.wsloadtest.config.LoadTestConfig;
import io.wsloadtest.config.Target;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;

/** The lines a run prints before load: what it will do, where, and how it trusts; never a secret. */
final class Banner {

  private Banner() {}

  static String of(LoadTestConfig config, List<Target> targets) {
    String urls = targets.stream().map(Target::url).collect(Collectors.joining(", "));
    String ips = config.sourceIps().isEmpty() ? "chosen by the kernel"
        : config.sourceIps().stream().map(InetAddress::getHostAddress).collect(Collectors.joining(", "));
    Injection in = config.injection();
    String shard = config.shard().count() == 1 ? ""
        : String.format(" (shard %d of %d, %d users in all)", config.shard().index() + 1, config.shard().count(),
            config.shard().totalUsers());
    String leaving = config.rampDown().isZero() ? "" : ", leaving over " + config.rampDown().toSeconds() + "s";
    return String.format("ws-loadtest: profile %s, %d users%s arriving over %ds (%s), held %ds%s%n"
            + "  targets:    %s%s%n  source IPs: %s%n  heartbeat:  %s%s",
        config.profile(), config.users(), shard, in.duration(config.users()).toSeconds(), in.type().name().toLowerCase(),
        config.hold().toSeconds(), leaving, urls, config.embeddedTarget() ? " (embedded echo server)" : "", ips,
        heartbeat(config), security(config, targets));
  }

  /** What a heartbeat is in this run: a protocol's keep-alive replaces ping frames or text messages. */
  private static String heartbeat(LoadTestConfig config) {
    String off = config.keepAlive() ? "" : " (keep-alive off: the server's pings go unanswered)";
    if (config.protocol().plain()) {
      return config.heartbeat().mode().name().toLowerCase() + off;
    }
    return "the " + config.protocol().name() + " keep-alive, checked every " + config.heartbeat().interval().toSeconds()
        + "s" + (config.keepAlive() ? "" : " (keep-alive off: neither sent nor answered)");
  }

  /** TLS trust and handshake header names; never a header value or a password. */
  private static String security(LoadTestConfig config, List<Target> targets) {
    StringBuilder sb = new StringBuilder();
    if (targets.stream().anyMatch(t -> t.scheme().equals("wss"))) {
      ClientTls tls = config.tls();
      sb.append(String.format("%n  TLS trust:  %s", tls.trustAll() ? "any certificate (wsload.tls.trust-all)"
          : tls.trustStore() != null ? "trust store " + tls.trustStore()
          : "the JVM's CA certificates" + (config.embeddedTarget() ? " and the embedded server's own" : "")));
    }
    if (!config.handshakeHeaders().isEmpty()) {
      sb.append(String.format("%n  handshake:  %s (values hidden)", config.handshakeHeaders().describe()));
    }
    var u = config.userHandshake();
    if (!u.subprotocol().isEmpty() || !u.origin().isEmpty()) {
      sb.append(String.format("%n  handshake:  subprotocol %s, origin %s", u.subprotocol().isEmpty() ? "none" : u.subprotocol(),
          u.origin().isEmpty() ? "none" : u.origin()));
    }
    if (u.perUser()) {
      sb.append(String.format("%n  per user:   %s: headers %s, query %s (values hidden)", u.usersCsv(),
          u.headers().keySet(), u.query().keySet()));
    }
    return sb.toString();
  }
}
