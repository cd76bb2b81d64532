package io.wsloadtest.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port where every connect is refused for as long as this is open. It is bound and never listens, so
 * no other process can listen on it meanwhile; a port merely found free and let go can be taken by another test's
 * server before the run connects to it (CI once saw a "dead" target answer, and a shard got ready).
 */
public final class RefusedPort implements AutoCloseable {

  private final Socket holder = new Socket();

  public RefusedPort() {
    try {
      holder.setReuseAddress(false); // without SO_REUSEADDR no one else binds the port, listening or not
      holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return holder.getLocalPort();
  }

  /** ws://127.0.0.1:PORT/echo: a target nobody answers. */
  public String url() {
    return "ws://127.0.0.1:" + port() + "/echo";
  }

  @Override
  public void close() {
    try {
      holder.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
