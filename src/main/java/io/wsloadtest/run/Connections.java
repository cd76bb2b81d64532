package io.wsloadtest.run;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.WsConnectActionBuilder;
import io.wsloadtest.config.LoadTestConfig;
import io.wsloadtest.feeders.ConnectionPlan;
import io.wsloadtest.gatling.GatlingInternals;
import java.net.InetAddress;

/** How users connect: the HTTP protocol WebSockets ride on, who connects where from which address, the handshake. */
final class Connections {

  private final LoadTestConfig config;
  private final ConnectionPlan plan;

  Connections(LoadTestConfig config, ConnectionPlan plan) {
    this.config = config;
    this.plan = plan;
  }

  /** No warm-up, source IPs when configured, the configured handshake headers on every upgrade. */
  HttpProtocolBuilder protocol() {
    HttpProtocolBuilder protocol = http;
    if (!config.sourceIps().isEmpty()) {
      // Enables local-address binding; which address each user gets is set by assign().
      protocol = protocol.localAddresses(config.sourceIps().stream().map(InetAddress::getHostAddress).toList());
    }
    // A function, not a string: Gatling would parse "#{...}" in a string value as its expression language.
    for (var header : config.handshakeHeaders().values().entrySet()) {
      String value = header.getValue();
      protocol = protocol.header(header.getKey(), session -> value);
    }
    return protocol;
  }

  /** Sets #{target} (the URL to connect to) and the source IP of this user from the connection plan. */
  ChainBuilder assign() {
    return exec(session -> {
      ConnectionPlan.Assignment a = plan.assign(session.userId());
      Session s = session.set("target", a.target().url());
      if (a.sourceIp() != null) {
        s = GatlingInternals.withLocalAddress(s.set("sourceIp", a.sourceIp().getHostAddress()), a.sourceIp());
      }
      return s;
    });
  }

  /** What each WebSocket connect of the run carries besides the protocol's headers. */
  WsConnectActionBuilder handshake(WsConnectActionBuilder connect) {
    return connect;
  }
}
