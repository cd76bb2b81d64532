package io.wsloadtest.conformance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The simulations' defaults against a server built on Python's websockets library (a child process). */
class PythonWebsocketsConformanceTest extends DefaultsHoldAgainstForeignServers {

  private PythonWsServer server;

  @BeforeAll
  void start() throws Exception {
    server = new PythonWsServer();
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Override
  String target() {
    return server.url();
  }
}
