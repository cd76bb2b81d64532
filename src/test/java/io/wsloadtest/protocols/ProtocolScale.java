package io.wsloadtest.protocols;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The kit at scale against a protocol's reference server on this box: USERS sessions from one injector JVM
 * (bin/launch --shards 1, the Heartbeat simulation with -Dwsload.protocol), arriving at RATE/s and held HOLD with
 * the protocol's keep-alives; then the server's own session count and drops and its resident memory. bin/launch
 * prints the run's figures (KO, connect percentiles, the injector's memory and CPU).
 * <pre>java -cp ... io.wsloadtest.protocols.ProtocolScale PROTOCOL USERS RATE HOLD</pre>
 * bench/protocols.sh runs it for every protocol.
 */
public final class ProtocolScale {

  /** Per protocol: the wsload.protocol value, the endpoint, and the settings the reference server wants. */
  private record Setup(String protocol, String path, Map<String, String> settings) {}

  private static final Map<String, Setup> SETUPS = Map.of(
      "graphql", new Setup("graphql-ws", "/graphql", Map.of("wsload.graphql.init-payload", "{\"token\":\"secret\"}",
          "wsload.graphql.accept-timeout", "30s")),
      "socketio", new Setup("socketio", "/socket.io/?EIO=4&transport=websocket", Map.of("wsload.socketio.auth",
          "{\"token\":\"secret\"}", "wsload.socketio.accept-timeout", "30s")),
      "mqtt", new Setup("mqtt", "/mqtt", Map.of("wsload.mqtt.username", "load", "wsload.mqtt.password", "secret",
          "wsload.mqtt.keep-alive", "10s", "wsload.mqtt.accept-timeout", "30s")),
      // Spring's broker beats every 10 s when idle, which its check every 10 s makes 10 to 20: a heartbeat awaits it
      // up to 25 s, and that wait is the heartbeat's time
      "spring-stomp", new Setup("stomp", "/stomp", Map.of("wsload.stomp.login", "load", "wsload.stomp.passcode",
          "secret", "wsload.stomp.heart-beat.send", "10s", "wsload.stomp.heart-beat.receive", "10s",
          "wsload.stomp.accept-timeout", "30s", "wsload.heartbeat.interval", "30s", "wsload.heartbeat.timeout", "25s",
          "wsload.assertions.max-p99-ms", "30000")),
      // RabbitMQ beats on the interval the client asks for, twice per interval
      "rabbit-stomp", new Setup("stomp", "/ws", Map.of("wsload.stomp.login", "guest", "wsload.stomp.passcode", "guest",
          "wsload.stomp.heart-beat.send", "10s", "wsload.stomp.heart-beat.receive", "4s",
          "wsload.stomp.accept-timeout", "30s")));

  private ProtocolScale() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4 || !SETUPS.containsKey(args[0])) {
      System.err.println("usage: ProtocolScale " + String.join("|", SETUPS.keySet()) + " USERS RATE HOLD");
      System.exit(2);
    }
    Setup setup = SETUPS.get(args[0]);
    int exit;
    try (ReferenceServer server = ReferenceServerCapacity.start(args[0])) {
      long pid = server instanceof ChildServer c ? c.pid() : ((RabbitWebStomp) server).pid();
      long idleRss = ReferenceServerCapacity.rssKb(pid);
      List<String> cmd = new ArrayList<>(List.of("bin/launch", "--shards", "1", "--simulation", "Heartbeat",
          "-Dwsload.protocol=" + setup.protocol(), "-Dtarget=" + server.wsUrl(setup.path()), "-Dusers=" + args[1],
          "-Dwsload.injection.type=rate", "-Dwsload.injection.rate=" + args[2], "-Dhold=" + args[3],
          "-Dwsload.heartbeat.interval=10s", "-Dwsload.heartbeat.timeout=5s", "-Dwsload.assertions.max-p99-ms=10000"));
      setup.settings().forEach((k, v) -> cmd.add("-D" + k + "=" + v));
      Process launch = new ProcessBuilder(cmd).inheritIO().start();
      long peakRss = idleRss;
      long peakSessions = 0;
      int unanswered = 0;
      try {
        while (!launch.waitFor(1, java.util.concurrent.TimeUnit.SECONDS)) {
          peakRss = Math.max(peakRss, ReferenceServerCapacity.rssKb(pid));
          try {
            peakSessions = Math.max(peakSessions, ReferenceServerCapacity.sessionsNow(args[0], server.counts()));
          } catch (RuntimeException busy) {
            unanswered++; // a server too busy to give its counts in time: that second goes without
          }
        }
      } finally {
        launch.descendants().forEach(ProcessHandle::destroy);
        launch.destroy();
      }
      if (unanswered > 0) {
        System.out.printf("%s: the server did not give its counts in %d of the seconds polled%n", args[0], unanswered);
      }
      JsonNode after = server.counts();
      System.out.printf("%s: bin/launch exit %d; server held at most %d sessions at once; server RSS idle %d MB,"
              + " peak %d MB (%.1f KB per session)%n", args[0], launch.exitValue(), peakSessions, idleRss / 1024,
          peakRss / 1024, peakSessions == 0 ? 0 : (peakRss - idleRss) / (double) peakSessions);
      System.out.println(args[0] + ": server counts after the run " + after);
      exit = launch.exitValue();
    }
    // after the server's close: System.exit inside the try would leave a child server running
    System.exit(exit);
  }
}
