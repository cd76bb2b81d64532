package io.wsloadtest.conformance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The simulations' defaults against Jetty's WebSocket server (in this JVM). */
class JettyConformanceTest extends DefaultsHoldAgainstForeignServers {

  private JettyEchoServer server;

  @BeforeAll
  void start() throws Exception {
    server = new JettyEchoServer();
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @Override
  String target() {
    return server.url();
  }
}
