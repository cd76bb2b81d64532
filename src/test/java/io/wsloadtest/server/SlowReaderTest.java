package io.wsloadtest.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsloadtest.config.ServerSettings;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A client that sends and never reads: every frame it sends is echoed, and the echoes pile up in the server. The
 * server stops reading from it once its answers wait unsent, so its memory stays bounded and the client's sends
 * block instead (TCP's flow control).
 */
class SlowReaderTest {

  static final int FRAME = 32 * 1024;
  static final long UP_TO = 128L * 1024 * 1024;

  @Test
  void aClientThatNeverReadsCannotMakeTheServerQueueWithoutBound() throws Exception {
    try (EchoServer server = new EchoServer(ServerSettings.loopbackDefaults());
        Socket socket = new Socket()) {
      server.start();
      socket.connect(new InetSocketAddress("127.0.0.1", server.boundPorts().get(0)), 5000);
      handshake(socket);
      AtomicLong sent = new AtomicLong();
      Thread writer = new Thread(() -> {
        byte[] frame = binaryFrame(FRAME);
        try {
          OutputStream out = socket.getOutputStream();
          while (sent.get() < UP_TO) {
            out.write(frame);
            sent.addAndGet(frame.length);
          }
        } catch (Exception e) {
          // the socket closed at the end of the test while the write was blocked
        }
      }, "never-reads");
      writer.setDaemon(true);
      writer.start();
      // Until the client's sends stop getting anywhere (for 2 s) or it sent everything.
      long last = -1;
      long stillSince = System.nanoTime();
      while (sent.get() < UP_TO && System.nanoTime() - stillSince < TimeUnit.SECONDS.toNanos(2)) {
        if (sent.get() != last) {
          last = sent.get();
          stillSince = System.nanoTime();
        }
        Thread.sleep(50);
      }
      long pending = server.connections().pendingOutboundBytes();
      assertTrue(pending < 2L * 1024 * 1024, "the server holds " + pending + " bytes of unsent echoes");
      assertTrue(sent.get() < UP_TO / 4, "the client could send " + sent.get() + " bytes without reading any echo");
    }
  }

  private static void handshake(Socket socket) throws Exception {
    socket.getOutputStream().write(("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    DataInputStream in = new DataInputStream(socket.getInputStream());
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      head.append((char) in.readUnsignedByte());
    }
    assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
  }

  /** A binary frame as a client sends it: masked (with a zero key, so the payload reads as is). */
  private static byte[] binaryFrame(int length) {
    byte[] frame = new byte[2 + 2 + 4 + length];
    frame[0] = (byte) 0x82; // FIN, binary
    frame[1] = (byte) (0x80 | 126); // masked, 16-bit length follows
    frame[2] = (byte) (length >> 8);
    frame[3] = (byte) length;
    return frame; // mask key and payload: zeros
  }
}
