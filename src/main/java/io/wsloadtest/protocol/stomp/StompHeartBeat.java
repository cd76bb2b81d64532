package io.wsloadtest.protocol.stomp;

/** A STOMP heart-beat: a bare end-of-line sent instead of a frame when a side has been idle for its interval. */
public final class StompHeartBeat {

  public static final StompHeartBeat INSTANCE = new StompHeartBeat();

  private StompHeartBeat() {}

  @Override
  public String toString() {
    return "StompHeartBeat";
  }
}
