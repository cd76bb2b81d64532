package io.wsloadtest.protocol;

import java.util.List;

/** What a session under test told its outcomes and pushes, written down one line each, in order. */
public final class Told {

  private Told() {}

  /** Lines "WHAT ok at T", "WHAT ok from DUE at T" (timed from when it was due) and "WHAT failed: MESSAGE". */
  public static Outcome outcome(List<String> told, String what) {
    return new Outcome() {
      @Override
      public void ok(long atMillis) {
        told.add(what + " ok at " + atMillis);
      }

      @Override
      public void ok(long fromMillis, long atMillis) {
        told.add(what + " ok from " + fromMillis + " at " + atMillis);
      }

      @Override
      public void failed(String message) {
        told.add(what + " failed: " + message);
      }
    };
  }

  /** Lines "PAYLOAD at T" and "error MESSAGE". */
  public static ProtocolSession.Pushes pushes(List<String> pushes) {
    return new ProtocolSession.Pushes() {
      @Override
      public void push(String payload, long atMillis) {
        pushes.add(payload + " at " + atMillis);
      }

      @Override
      public void error(String message, long atMillis) {
        pushes.add("error " + message);
      }
    };
  }
}
