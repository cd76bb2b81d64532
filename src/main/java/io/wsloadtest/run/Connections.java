package io.wsloadtest.run;

import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.WsConnectActionBuilder;
import io.wsloadtest.config.LoadTestConfig;
import io.wsloadtest.config.UserHandshake;
import io.wsloadtest.gatling.GatlingInternals;
import io.wsloadtest.plan.ConnectionPlan;
import java.net.InetAddress;
import java.nio.file.Path;

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

  /**
   * Sets #{target} (the URL to connect to) and the source IP of this user from the connection plan, and the
   * user's row of handshake.users-csv when there is one.
   */
  ChainBuilder assign() {
    UserHandshake u = config.userHandshake();
    ChainBuilder plan = assignFromPlan();
    return u.perUser() ? exec(feed(csv(Path.of(u.usersCsv()).toAbsolutePath().toString()).circular()), plan) : plan;
  }

  private ChainBuilder assignFromPlan() {
    return exec(session -> {
      ConnectionPlan.Assignment a = plan.assign(session.userId());
      Session s = session.set("target", a.target().url());
      if (a.sourceIp() != null) {
        s = GatlingInternals.withLocalAddress(s.set("sourceIp", a.sourceIp().getHostAddress()), a.sourceIp());
      }
      return s;
    });
  }

  /** What each WebSocket connect carries besides the protocol's headers: subprotocol, Origin, per-user values. */
  WsConnectActionBuilder handshake(WsConnectActionBuilder connect) {
    UserHandshake u = config.userHandshake();
    // The protocol's own subprotocol unless the user named one.
    String subprotocol = u.subprotocol().isEmpty() ? config.protocol().subprotocol() : u.subprotocol();
    WsConnectActionBuilder c = subprotocol.isEmpty() ? connect : connect.subprotocol(subprotocol);
    if (!u.origin().isEmpty()) {
      String origin = u.origin();
      c = c.header("Origin", session -> origin);
    }
    // Strings here are Gatling expressions on purpose: "#{token}" is the user's CSV column.
    for (var h : u.headers().entrySet()) {
      c = c.header(h.getKey(), h.getValue());
    }
    for (var q : u.query().entrySet()) {
      c = c.queryParam(q.getKey(), q.getValue());
    }
    return c;
  }
}
