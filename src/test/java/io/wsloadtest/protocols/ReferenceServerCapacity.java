package io.wsloadtest.protocols;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.codec.stomp.StompCommand;
import io.netty.handler.codec.stomp.StompFrame;
import io.wsloadtest.protocol.graphql.GraphqlWsCodec;
import io.wsloadtest.protocol.graphql.GraphqlWsMessage;
import io.wsloadtest.protocol.graphql.GraphqlWsType;
import io.wsloadtest.protocol.mqtt.MqttOverWebSocket;
import io.wsloadtest.protocol.mqtt.MqttPackets;
import io.wsloadtest.protocol.socketio.EngineIoCodec;
import io.wsloadtest.protocol.socketio.EnginePacket;
import io.wsloadtest.protocol.socketio.SocketIoPacket;
import io.wsloadtest.protocol.socketio.SocketIoType;
import io.wsloadtest.protocol.stomp.HeartBeatSetting;
import io.wsloadtest.protocol.stomp.StompFrames;
import io.wsloadtest.protocol.stomp.StompHeartBeat;
import io.wsloadtest.protocol.stomp.StompOverWebSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How many sessions one reference server process holds here, and its memory: opens SESSIONS sessions with the
 * probe client (upgrade, then the protocol's handshake), keeps them alive for HOLD_S seconds (the protocol's own
 * keep-alive, 10 s intervals), and prints the server's own session count and drops and its resident memory (the
 * process and its children, from /proc) idle, after connecting and after the hold.
 * <pre>java -cp ... io.wsloadtest.protocols.ReferenceServerCapacity socketio|graphql|mqtt|spring-stomp|rabbit-stomp SESSIONS HOLD_S</pre>
 * bench/reference-servers.sh runs it for every protocol.
 */
public final class ReferenceServerCapacity {

  private ReferenceServerCapacity() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: ReferenceServerCapacity socketio|graphql|mqtt|spring-stomp|rabbit-stomp SESSIONS HOLD_S");
      System.exit(2);
    }
    String protocol = args[0];
    int sessions = Integer.parseInt(args[1]);
    long holdSeconds = Long.parseLong(args[2]);
    try (ReferenceServer server = start(protocol)) {
      long pid = server instanceof ChildServer c ? c.pid() : ((RabbitWebStomp) server).pid();
      long idleRss = rssKb(pid);
      List<ProbeClient> clients = new ArrayList<>(sessions);
      long start = System.nanoTime();
      for (int i = 0; i < sessions; i++) {
        clients.add(open(protocol, server, i));
      }
      double connectSeconds = (System.nanoTime() - start) / 1e9;
      JsonNode connected = server.awaitCounts("the server counts every session", 60_000,
          n -> sessionsNow(protocol, n) == sessions);
      long connectedRss = rssKb(pid);
      long holdUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(holdSeconds);
      Await.until("the hold", holdSeconds * 1000 + 5000, System::nanoTime, t -> t > holdUntil);
      long closedByServer = clients.stream().filter(c -> !c.isOpen()).count();
      JsonNode held = server.awaitCounts("the counts after the hold", 60_000, n -> true);
      long heldRss = rssKb(pid);
      System.out.printf("%s: %d sessions opened in %.1f s (%.0f/s); server counted %d after connecting, %d after %d s;"
              + " %d closed by the server during the hold%n", protocol, sessions, connectSeconds,
          sessions / connectSeconds, sessionsNow(protocol, connected), sessionsNow(protocol, held), holdSeconds,
          closedByServer);
      System.out.printf("%s: server RSS idle %d MB, connected %d MB, after the hold %d MB: %.1f KB per session%n",
          protocol, idleRss / 1024, connectedRss / 1024, heldRss / 1024, (heldRss - idleRss) / (double) sessions);
      System.out.println(protocol + ": counts after the hold " + held);
      clients.forEach(ProbeClient::close);
    }
  }

  static ReferenceServer start(String protocol) throws Exception {
    return switch (protocol) {
      case "socketio" -> ChildServer.node("socketio-server.mjs", "--ping-interval", "10000", "--ping-timeout", "5000");
      case "graphql" -> ChildServer.node("graphql-server.mjs", "--keep-alive", "10000", "--init-timeout", "5000");
      case "mqtt" -> ChildServer.node("mqtt-broker.mjs", "--publish-every", "1000", "--user", "load", "--password",
          "secret");
      case "spring-stomp" -> ChildServer.springStomp("10000,10000", "secret", 1000);
      case "rabbit-stomp" -> new RabbitWebStomp();
      default -> throw new IllegalArgumentException("unknown protocol '" + protocol
          + "': socketio, graphql, mqtt, spring-stomp, rabbit-stomp");
    };
  }

  static long sessionsNow(String protocol, JsonNode counts) {
    return switch (protocol) {
      case "socketio" -> counts.get("socketsNow").asLong();
      case "graphql", "mqtt" -> counts.get("connectedNow").asLong();
      case "spring-stomp" -> counts.get("webSocketSessionsNow").asLong();
      default -> counts.get("connectionsNow").asLong();
    };
  }

  /** One session through the protocol's handshake, with its keep-alive running on the client's event loop. */
  private static ProbeClient open(String protocol, ReferenceServer server, int i) throws Exception {
    switch (protocol) {
      case "socketio": {
        ProbeClient c = ProbeClient.open(server.wsUrl("/socket.io/?" + EngineIoCodec.WEBSOCKET_QUERY),
            new ProbeClient.Protocol(null, p -> p.addLast(new TextFrames()),
                m -> m instanceof String s ? EngineIoCodec.decode(s) : m, (m, ch) -> {
                  if (m instanceof EnginePacket.Ping ping) {
                    ch.writeAndFlush(EngineIoCodec.encode(EnginePacket.pongFor(ping)));
                    return true;
                  }
                  return false;
                }), true);
        c.send(EngineIoCodec.encode(SocketIoPacket.connect("/", JsonNodeFactory.instance.objectNode().put("token", "secret"))));
        c.next(EnginePacket.Message.class, m -> m.packet().type() == SocketIoType.CONNECT, 10_000);
        return c;
      }
      case "graphql": {
        ProbeClient c = ProbeClient.open(server.wsUrl("/graphql"), new ProbeClient.Protocol(GraphqlWsCodec.SUBPROTOCOL,
            p -> p.addLast(new TextFrames()), m -> m instanceof String s ? GraphqlWsCodec.decode(s) : m, null), true);
        c.send(GraphqlWsCodec.encode(GraphqlWsMessage.connectionInit(
            JsonNodeFactory.instance.objectNode().put("token", "secret"))));
        c.next(GraphqlWsMessage.class, m -> m.type() == GraphqlWsType.CONNECTION_ACK, 10_000);
        return c;
      }
      case "mqtt": {
        ProbeClient c = ProbeClient.open(server.wsUrl("/mqtt"), new ProbeClient.Protocol(MqttOverWebSocket.SUBPROTOCOL,
            p -> MqttOverWebSocket.addTo(p, 65_536), m -> m, (m, ch) -> !(m instanceof MqttConnAckMessage)), true);
        c.send(MqttPackets.connect(MqttVersion.MQTT_3_1_1, "capacity-" + i, 10, "load", "secret"));
        c.next(MqttConnAckMessage.class, m -> true, 10_000);
        c.channel().eventLoop().scheduleAtFixedRate(() -> c.channel().writeAndFlush(MqttPackets.pingReq()), 5, 5,
            TimeUnit.SECONDS);
        return c;
      }
      default: {
        HeartBeatSetting offer = new HeartBeatSetting(10_000, 10_000);
        boolean spring = protocol.equals("spring-stomp");
        ProbeClient c = ProbeClient.open(server.wsUrl(spring ? "/stomp" : "/ws"), new ProbeClient.Protocol(
            StompOverWebSocket.SUBPROTOCOL, p -> StompOverWebSocket.addTo(p, 65_536), m -> m,
            (m, ch) -> m instanceof StompHeartBeat), true);
        c.send(StompFrames.connect("/", spring ? "load" : "guest", spring ? "secret" : "guest", offer));
        StompFrame connected = c.next(StompFrame.class, f -> f.command() == StompCommand.CONNECTED, 10_000);
        long every = HeartBeatSetting.negotiate(offer, StompFrames.heartBeat(connected)).clientSendsEveryMs();
        if (every > 0) {
          c.channel().eventLoop().scheduleAtFixedRate(() -> c.channel().writeAndFlush(StompHeartBeat.INSTANCE), every,
              every, TimeUnit.MILLISECONDS);
        }
        return c;
      }
    }
  }

  /** VmRSS of the process and its descendants, in KB. */
  static long rssKb(long pid) {
    List<Long> pids = new ArrayList<>(List.of(pid));
    ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
    long total = 0;
    for (long p : pids) {
      try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(p), "status"))) {
        total += lines.filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
            .sum();
      } catch (IOException e) {
        // gone meanwhile
      }
    }
    return total;
  }
}
