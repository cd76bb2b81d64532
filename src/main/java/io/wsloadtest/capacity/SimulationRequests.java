package io.wsloadtest.capacity;

import io.wsloadtest.ws.Requests;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which requests the kit's own simulations make, so that an SLO on a request a simulation never makes is refused
 * before any load. A simulation of the user's own is not listed: its requests are known from its first level,
 * where an SLO whose request has no record at all is refused then.
 */
final class SimulationRequests {

  private static final String PACKAGE = "io.wsloadtest.simulations.";
  private static final Set<String> LINKS = Set.of(Requests.CONNECT, Requests.RECONNECT, Requests.DROP, Requests.CLOSE);

  private static final Map<String, Set<String>> KIT = Map.of(
      PACKAGE + "ConnectSimulation", with(Requests.ALIVE_AT_END),
      PACKAGE + "HeartbeatSimulation", with(Requests.HEARTBEAT),
      PACKAGE + "EchoSimulation", with(Requests.ECHO_TEXT, Requests.SAME_TEXT_BACK, Requests.ECHO_BINARY,
          Requests.SAME_BYTES_BACK),
      PACKAGE + "PushSimulation", with(Requests.HEARTBEAT, Requests.PUSH, Requests.PUSH_GAP, Requests.PUSH_DUPLICATE),
      PACKAGE + "SubscribeSimulation", with(Requests.HEARTBEAT, "subscribe", "subscribe ack"));

  private SimulationRequests() {}

  private static Set<String> with(String... more) {
    java.util.Set<String> s = new java.util.TreeSet<>(LINKS);
    s.addAll(Set.of(more));
    return Set.copyOf(s);
  }

  /** The requests a kit simulation makes; empty for a class of the user's own. */
  static Optional<Set<String>> of(String simulationClass) {
    return Optional.ofNullable(KIT.get(simulationClass));
  }

  /** Short name (Heartbeat) or class name to class name, as bin/launch takes it. */
  static String className(String simulation) {
    return simulation.contains(".") ? simulation : PACKAGE + simulation + "Simulation";
  }

  /** "HeartbeatSimulation" for messages. */
  static String shortName(String simulationClass) {
    return simulationClass.substring(simulationClass.lastIndexOf('.') + 1);
  }
}
