package io.wsloadtest.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wsloadtest.config.ServerSettings;
import io.wsloadtest.metrics.ServerMetrics;
import io.wsloadtest.preflight.OsLimits;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * WebSocket echo server: a bootstrap, an {@link EchoServerInitializer} and one {@link EchoFrameHandler}.
 * Listens on one or more ports so a single process can spread load over several destination ports. In
 * broadcast mode a {@link Broadcaster} also pushes messages to every connection.
 */
public final class EchoServer implements AutoCloseable {

  private final ServerSettings settings;
  private final ConnectionCounter connections = new ConnectionCounter();
  private final EventLoopGroup bossGroup;
  private final EventLoopGroup workerGroup;
  private final Class<? extends ServerChannel> channelType;
  private final List<Channel> listeners = new ArrayList<>();
  private SelfSignedCertificate selfSigned;
  private SslContext sslContext;
  private Consumer<HttpHeaders> handshakeObserver;
  private final ServerMetrics metrics;
  private final Broadcaster broadcaster;

  public EchoServer(ServerSettings settings) {
    this(settings, new PrometheusRegistry());
  }

  /** A server whose metrics are registered in {@code registry} (exported by whoever serves it). */
  public EchoServer(ServerSettings settings, PrometheusRegistry registry) {
    this.settings = settings;
    this.metrics = new ServerMetrics(registry, connections::open, connections::accepted);
    // epoll keeps per-connection overhead low on Linux; NIO keeps the server usable elsewhere.
    IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.channelType = Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    this.bossGroup = new MultiThreadIoEventLoopGroup(1, io);
    this.workerGroup = new MultiThreadIoEventLoopGroup(settings.workerThreads(), io);
    this.broadcaster = settings.broadcast().enabled() ? new Broadcaster(settings.broadcast()) : null;
  }

  /** Sees the request headers of every completed WebSocket upgrade; call before start(). */
  public EchoServer onHandshake(Consumer<HttpHeaders> observer) {
    this.handshakeObserver = observer;
    return this;
  }

  /** Binds every configured port (0 = any free port) and returns the ports actually bound. */
  public List<Integer> start() throws InterruptedException {
    sslContext = settings.tls().enabled() ? serverSslContext() : null;
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(bossGroup, workerGroup)
        .channel(channelType)
        // A large backlog absorbs connection bursts; the kernel caps it at net.core.somaxconn.
        .option(ChannelOption.SO_BACKLOG, settings.backlog())
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new EchoServerInitializer(settings, connections, sslContext, maxConnections(),
            handshakeObserver, new FrameMetricsHandler(metrics), broadcaster));
    List<Integer> bound = new ArrayList<>();
    try {
      for (int port : settings.ports()) {
        Channel channel = bootstrap.bind(settings.host(), port).sync().channel();
        listeners.add(channel);
        bound.add(((InetSocketAddress) channel.localAddress()).getPort());
      }
    } catch (Exception e) {
      close();
      throw new IllegalStateException("echo server cannot listen on " + settings.host() + " ports "
          + settings.ports() + ": " + e.getMessage(), e);
    }
    if (broadcaster != null) {
      broadcaster.start(workerGroup.next());
    }
    return List.copyOf(bound);
  }

  public List<Integer> boundPorts() {
    return listeners.stream().map(c -> ((InetSocketAddress) c.localAddress()).getPort()).toList();
  }

  /** ws:// (wss:// with TLS) URLs of every listening port, in bind order. */
  public List<String> urls() {
    String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
    String scheme = settings.tls().enabled() ? "wss" : "ws";
    return boundPorts().stream().map(p -> scheme + "://" + host + ":" + p + settings.path()).toList();
  }

  /** Connections served at once: as configured, else what the open-files limit leaves room for. */
  public long maxConnections() {
    if (settings.maxConnections() > 0) {
      return settings.maxConnections();
    }
    long limit = OsLimits.openFilesLimit();
    return limit > 0 ? OsLimits.socketsPerProcess(limit) : Long.MAX_VALUE;
  }

  /** The self-signed certificate generated at start (PEM file), or null when TLS is off or files were given. */
  public Path selfSignedCertificate() {
    return selfSigned == null ? null : selfSigned.certificate().toPath();
  }

  private SslContext serverSslContext() {
    ServerSettings.Tls tls = settings.tls();
    try {
      if (tls.certChain() != null) {
        return SslContextBuilder.forServer(tls.certChain().toFile(), tls.key().toFile()).build();
      }
      // Valid from yesterday, so clock skew between processes cannot make it "not yet valid".
      selfSigned = new SelfSignedCertificate("localhost", new Date(System.currentTimeMillis() - 86_400_000L),
          new Date(System.currentTimeMillis() + 365L * 86_400_000L), "RSA", 2048);
      return SslContextBuilder.forServer(selfSigned.certificate(), selfSigned.privateKey()).build();
    } catch (Exception e) {
      throw new IllegalStateException("echo server cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** Broadcast messages written so far (0 when broadcast mode is off). */
  public long broadcastsSent() {
    return broadcaster == null ? 0 : broadcaster.sent();
  }

  public ConnectionCounter connections() {
    return connections;
  }

  @Override
  public void close() {
    if (broadcaster != null) {
      broadcaster.stop();
    }
    listeners.forEach(Channel::close);
    listeners.clear();
    bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    if (selfSigned != null) {
      selfSigned.delete();
    }
  }
}
