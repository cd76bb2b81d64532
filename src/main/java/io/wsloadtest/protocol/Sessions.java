package io.wsloadtest.protocol;

import io.wsloadtest.config.GraphqlSettings;
import io.wsloadtest.config.ProtocolSettings;
import io.wsloadtest.protocol.graphql.GraphqlSession;
import java.util.function.LongSupplier;

/** The session class of each application protocol. */
public final class Sessions {

  private Sessions() {}

  /** A new session for one connection; null for plain WebSocket, which needs none. */
  public static ProtocolSession create(ProtocolSettings settings, LongSupplier clock) {
    if (settings instanceof GraphqlSettings graphql) {
      return new GraphqlSession(graphql, clock);
    }
    return null;
  }
}
