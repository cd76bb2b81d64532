package io.wsloadtest.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatling.commons.stats.OK$;
import io.gatling.core.session.Session;
import org.junit.jupiter.api.Test;

/**
 * The lookups into Gatling's internals fail with a clear message, never silently, when what they find is not
 * what Gatling 3.15.1 stores. (That they work on the real thing is shown by every Gatling run in the tests.)
 */
public class GatlingInternalsTest {

  public static Session session(String key, Object value) {
    scala.collection.immutable.Map<String, Object> attributes = scala.collection.immutable.Map$.MODULE$.empty();
    if (key != null) {
      attributes = attributes.updated(key, value);
    }
    return new Session("test", 1L, attributes, OK$.MODULE$, scala.collection.immutable.List$.MODULE$.<io.gatling.core.session.Block>empty(),
        s -> scala.runtime.BoxedUnit.UNIT, null);
  }

  @Test
  void noWebSocketInTheSessionIsNoOpenConnection() {
    GatlingInternals.Connection s = GatlingInternals.connection(new io.gatling.javaapi.core.Session(session(null, null)));
    assertFalse(s.open());
    assertEquals("none", s.state());
  }

  @Test
  void somethingElseUnderTheWebSocketNameIsReportedAsChangedInternals() {
    GatlingInternals.Unsupported e = assertThrows(GatlingInternals.Unsupported.class,
        () -> GatlingInternals.connection(new io.gatling.javaapi.core.Session(session(GatlingInternals.DEFAULT_WS_NAME, "not a WsFsm"))));
    assertTrue(e.getMessage().startsWith("Gatling internals changed, the kit's steps need Gatling 3.15.1: "), e.getMessage());
    assertTrue(e.getMessage().contains("io.gatling.http.action.ws.fsm.WsState"), e.getMessage());
  }
}
