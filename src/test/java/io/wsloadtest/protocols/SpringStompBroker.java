package io.wsloadtest.protocols;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.WebSocketMessageBrokerStats;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;
import org.springframework.web.socket.messaging.SessionConnectedEvent;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;
import org.springframework.web.socket.messaging.SessionSubscribeEvent;

/**
 * Spring's simple STOMP broker (spring-boot-starter-websocket, Tomcat) in this JVM, on 127.0.0.1 and a free port:
 * STOMP over plain WebSocket at /stomp, broker destinations /topic/..., heart-beats {@code heartbeat} ("send,receive"
 * ms), CONNECT refused with an ERROR unless its passcode is {@code passcode}, and a publisher sending
 * {"seq","ts","data"} to /topic/ticks every {@code publishEveryMs}. Counts: Spring's own stats
 * (WebSocketMessageBrokerStats) and events (connected, subscribe, disconnect with its close status, also apart for
 * the sessions it had accepted), the
 * MESSAGE frames its outbound channel carried per session, and those written to an open WebSocket.
 */
final class SpringStompBroker implements ReferenceServer {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ConfigurableApplicationContext context;

  SpringStompBroker(String heartbeat, String passcode, long publishEveryMs) {
    // Spring Boot would otherwise reconfigure this JVM's logging (logback) as its own.
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    context = new SpringApplicationBuilder(Broker.class).web(WebApplicationType.SERVLET)
        // Tomcat's own limit is 8192 connections: the broker's capacity is the question here, not Tomcat's default
        .properties(Map.of("server.address", "127.0.0.1", "server.port", "0", "spring.main.banner-mode", "off",
            "server.tomcat.max-connections", "20000",
            "probe.heartbeat", heartbeat, "probe.passcode", passcode, "probe.publish-every-ms", "" + publishEveryMs))
        .run();
  }

  @Override
  public String wsUrl(String pathAndQuery) {
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    return "ws://127.0.0.1:" + port + pathAndQuery;
  }

  @Override
  public JsonNode counts() {
    return counts(context);
  }

  static JsonNode counts(org.springframework.context.ApplicationContext context) {
    Broker broker = context.getBean(Broker.class);
    WebSocketMessageBrokerStats stats = context.getBean(WebSocketMessageBrokerStats.class);
    ObjectNode c = JSON.createObjectNode();
    var sessions = stats.getWebSocketSessionStats();
    c.put("webSocketSessionsNow", sessions.getWebSocketSessions())
        .put("totalSessions", sessions.getTotalSessions())
        .put("noMessagesReceivedSessions", sessions.getNoMessagesReceivedSessions())
        .put("transportErrorSessions", sessions.getTransportErrorSessions());
    var stomp = stats.getStompSubProtocolStats();
    c.put("stompConnect", stomp.getTotalConnect()).put("stompConnected", stomp.getTotalConnected())
        .put("stompDisconnect", stomp.getTotalDisconnect());
    c.put("connectedEvents", broker.connected.get()).put("subscribeEvents", broker.subscribes.get())
        .put("refusedConnects", broker.refused.get()).put("published", broker.published.get());
    c.set("disconnectsByCloseStatus", JSON.valueToTree(Map.copyOf(broker.disconnects)));
    c.set("connectedSessionsClosedByCloseStatus", JSON.valueToTree(Map.copyOf(broker.connectedSessionsClosed)));
    c.set("messagesBySession", JSON.valueToTree(Map.copyOf(broker.messagesBySession)));
    c.put("messagesTotal", broker.messagesBySession.values().stream().mapToLong(Long::longValue).sum());
    c.put("messagesWritten", broker.messagesWritten.get());
    c.put("statsInfo", stats.toString());
    return c;
  }

  @Override
  public void close() {
    context.close();
  }

  /**
   * The broker in a JVM of its own (for measuring its memory): HEARTBEAT PASSCODE PUBLISH_EVERY_MS; prints
   * "listening http://127.0.0.1:PORT" and serves its counts at GET /counts.
   */
  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: SpringStompBroker HEARTBEAT(send,receive ms) PASSCODE PUBLISH_EVERY_MS");
      System.exit(2);
    }
    SpringStompBroker broker = new SpringStompBroker(args[0], args[1], Long.parseLong(args[2]));
    System.out.println("listening " + broker.wsUrl("").replace("ws://", "http://") + " spring stomp at /stomp");
  }

  /** GET /counts, for the broker in its own JVM. */
  @org.springframework.web.bind.annotation.RestController
  static class CountsEndpoint {
    private final org.springframework.context.ApplicationContext context;

    CountsEndpoint(org.springframework.context.ApplicationContext context) {
      this.context = context;
    }

    @org.springframework.web.bind.annotation.GetMapping(value = "/counts", produces = "application/json")
    String counts() {
      return SpringStompBroker.counts(context).toString();
    }
  }

  /** The Spring application: the broker, the refusal, the counters and the publisher. */
  @Configuration
  @EnableAutoConfiguration
  @EnableWebSocketMessageBroker
  @org.springframework.context.annotation.Import(CountsEndpoint.class)
  static class Broker implements WebSocketMessageBrokerConfigurer {

    final AtomicLong connected = new AtomicLong();
    final AtomicLong subscribes = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong published = new AtomicLong();
    /** MESSAGE frames written to an open WebSocket (the outbound channel carries some a closing one never gets). */
    final AtomicLong messagesWritten = new AtomicLong();
    final Map<String, Long> disconnects = new ConcurrentHashMap<>();
    /** Sessions the broker accepted (CONNECTED), until they end; their ends by close status, apart from refusals. */
    final java.util.Set<String> connectedSessions = ConcurrentHashMap.newKeySet();
    final Map<String, Long> connectedSessionsClosed = new ConcurrentHashMap<>();
    final Map<String, Long> messagesBySession = new ConcurrentHashMap<>();

    @Value("${probe.heartbeat}")
    String heartbeat;
    @Value("${probe.passcode}")
    String passcode;
    @Value("${probe.publish-every-ms}")
    long publishEveryMs;

    @Bean
    ThreadPoolTaskScheduler brokerScheduler() {
      ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
      scheduler.setPoolSize(1);
      scheduler.setThreadNamePrefix("stomp-broker-");
      return scheduler;
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
      registry.addEndpoint("/stomp").setAllowedOriginPatterns("*");
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
      String[] hb = heartbeat.split(",");
      registry.enableSimpleBroker("/topic").setTaskScheduler(brokerScheduler())
          .setHeartbeatValue(new long[] {Long.parseLong(hb[0].trim()), Long.parseLong(hb[1].trim())});
      registry.setApplicationDestinationPrefixes("/app");
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
      registration.interceptors(new ChannelInterceptor() {
        @Override
        public Message<?> preSend(Message<?> message, MessageChannel channel) {
          StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
          if (stomp != null && stomp.getCommand() == StompCommand.CONNECT && !passcode.equals(stomp.getPasscode())) {
            refused.incrementAndGet();
            // Spring answers with an ERROR frame whose message header is this text, then closes
            throw new MessageDeliveryException("passcode refused for login '" + stomp.getLogin() + "'");
          }
          return message;
        }
      });
    }

    @Override
    public void configureClientOutboundChannel(ChannelRegistration registration) {
      registration.interceptors(new ChannelInterceptor() {
        @Override
        public Message<?> preSend(Message<?> message, MessageChannel channel) {
          if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) == SimpMessageType.MESSAGE) {
            messagesBySession.merge(SimpMessageHeaderAccessor.getSessionId(message.getHeaders()), 1L, Long::sum);
          }
          return message;
        }
      });
    }

    /** Counts each MESSAGE frame the WebSocket session took for sending (a closed one throws instead). */
    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
      registration.addDecoratorFactory(handler -> new WebSocketHandlerDecorator(handler) {
        @Override
        public void afterConnectionEstablished(WebSocketSession session) throws Exception {
          super.afterConnectionEstablished(new WebSocketSessionDecorator(session) {
            @Override
            public void sendMessage(WebSocketMessage<?> message) throws IOException {
              super.sendMessage(message);
              if (message instanceof TextMessage text && text.getPayload().startsWith("MESSAGE\n")) {
                messagesWritten.incrementAndGet();
              }
            }
          });
        }
      });
    }

    @EventListener
    void onConnected(SessionConnectedEvent e) {
      connected.incrementAndGet();
      connectedSessions.add(SimpMessageHeaderAccessor.getSessionId(e.getMessage().getHeaders()));
    }

    @EventListener
    void onSubscribe(SessionSubscribeEvent e) {
      subscribes.incrementAndGet();
    }

    @EventListener
    void onDisconnect(SessionDisconnectEvent e) {
      disconnects.merge(String.valueOf(e.getCloseStatus()), 1L, Long::sum);
      if (connectedSessions.remove(e.getSessionId())) {
        connectedSessionsClosed.merge(String.valueOf(e.getCloseStatus()), 1L, Long::sum);
      }
    }

    /** The publisher: {"seq","ts","data"} to /topic/ticks every publishEveryMs, through the broker's own template. */
    @EventListener
    void startPublisher(ApplicationReadyEvent ready) {
      SimpMessagingTemplate template = ready.getApplicationContext().getBean(SimpMessagingTemplate.class);
      brokerScheduler().scheduleAtFixedRate(() -> {
        long seq = published.getAndIncrement();
        template.convertAndSend("/topic/ticks", "{\"seq\":" + seq + ",\"ts\":" + System.currentTimeMillis()
            + ",\"data\":\"tick\"}");
      }, Duration.ofMillis(publishEveryMs));
    }
  }
}
