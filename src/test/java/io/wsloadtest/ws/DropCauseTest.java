package io.wsloadtest.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Connect errors as Gatling records them (root message) mapped to the drop causes of the report. */
class DropCauseTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "j.n.ConnectException: finishConnect(..) failed with error(-111): Connection refused | connect refused",
      "i.n.c.AbstractChannel$AnnotatedConnectException: Connection refused: /127.0.0.1:9  | connect refused",
      "i.n.h.c.h.w.WebSocketClientHandshakeException: Invalid handshake response getStatus: 404 Not Found | handshake 404",
      "i.n.h.c.h.w.WebSocketClientHandshakeException: Invalid handshake response getStatus: 503 Service Unavailable | handshake 503",
      "i.n.c.ConnectTimeoutException: connection timed out after 10000 ms: /127.0.0.1:9 | connect timeout",
      "i.g.h.c.i.RequestTimeoutException: Request timeout to 127.0.0.1/127.0.0.1:9 after 1500 ms | handshake timeout",
      "i.g.h.c.i.PrematureCloseException: Premature close | abnormal close 1006",
      "j.n.UnknownHostException: nowhere.invalid | connect failed UnknownHostException",
  })
  void connectErrors(String gatlingError, String cause) {
    assertEquals(cause, DropCause.ofConnectError(gatlingError));
    assertTrue(DropCause.isCause(cause), "DropTable recognises " + cause);
    // A failed connect is one KO, its own: the drop table finds its cause in the connect's error.
    assertEquals(cause, DropCause.ofRecordedError(gatlingError.trim()));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "pong timeout",
      "Check heartbeat reply timeout",
      "WebSocket crashed while waiting for check: fault injected",
      "j.n.ConnectException: finishConnect(..) failed with error(-111): Connection refused",
  })
  void otherKoMessagesAreNotDropCauses(String message) {
    assertFalse(DropCause.isCause(message));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "pong timeout",
      "Check heartbeat timeout",
      "connection dropped: close frame 1001",
      "checkConnection step failed: java.lang.ClassCastException: x",
      "seq skipped ahead",
  })
  void otherKoMessagesAreNotInTheDropTable(String message) {
    assertEquals(null, DropCause.ofRecordedError(message));
  }

  @ParameterizedTest
  @CsvSource({"socketio", "mqtt"})
  void aProtocolServerEndingAnAcceptedSessionIsADropCause(String protocol) {
    String cause = DropCause.serverDisconnect(protocol);
    assertEquals(protocol + " server disconnect", cause);
    assertTrue(DropCause.isCause(cause), "DropTable recognises " + cause);
    assertEquals(null, DropCause.ofRefusal(cause), "not a refusal: the server had accepted the client");
  }
}
