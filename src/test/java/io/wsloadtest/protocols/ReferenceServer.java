package io.wsloadtest.protocols;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Predicate;

/** A server not written here, started by a test, whose own counts the test reads. */
interface ReferenceServer extends AutoCloseable {

  /** ws://127.0.0.1:PORT + path (and query) of its WebSocket endpoint. */
  String wsUrl(String pathAndQuery);

  /** The server's own counts, now, as JSON. */
  JsonNode counts();

  /** Waits until the counts satisfy {@code holds}, and returns them. */
  default JsonNode awaitCounts(String what, long timeoutMillis, Predicate<JsonNode> holds) throws InterruptedException {
    return Await.until(what, timeoutMillis, this::counts, holds);
  }
}
