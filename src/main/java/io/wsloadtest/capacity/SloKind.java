package io.wsloadtest.capacity;

import io.wsloadtest.ws.Requests;
import java.util.List;

/** The objectives a level can be judged on: wsload.capacity.slo.KEY. */
public enum SloKind {
  CONNECT_P99("connect-p99", List.of(Requests.CONNECT)),
  HEARTBEAT_P99("heartbeat-p99", List.of(Requests.HEARTBEAT)),
  /** Text or binary echoes: whichever the run made. */
  ECHO_P99("echo-p99", List.of(Requests.SAME_TEXT_BACK, Requests.SAME_BYTES_BACK)),
  PUSH_P99("push-p99", List.of(Requests.PUSH)),
  KO_PERCENT("ko-percent", List.of()),
  DROPS_PER_MINUTE("drops-per-minute", List.of()),
  /** Gaps are found among pushes: the simulation must push. */
  PUSH_GAPS("push-gaps", List.of(Requests.PUSH));

  public final String key;
  /** The requests it needs the run to make (any one of them); empty = any run. */
  public final List<String> requests;

  SloKind(String key, List<String> requests) {
    this.key = key;
    this.requests = requests;
  }

  boolean latency() {
    return this == CONNECT_P99 || this == HEARTBEAT_P99 || this == ECHO_P99 || this == PUSH_P99;
  }
}
