package io.wsloadtest.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.wsloadtest.config.ServerFaults;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Puts the configured {@link ServerFaults} into each connection's pipeline. Silence and delay sit before
 * WebSocketServerProtocolHandler, because that handler answers pings itself: frames held back or dropped
 * there get no pong, no heartbeat reply and no echo. The close fault sits after it, where the end of the
 * handshake is seen.
 */
final class FaultInjector {

  private final ServerFaults faults;
  /** Handshakes completed, numbering connections so closeFraction picks an exact, even share. */
  private final AtomicLong handshakes = new AtomicLong();

  FaultInjector(ServerFaults faults) {
    this.faults = faults;
  }

  /** Adds the fault handlers around the protocol handler named protocolHandler, if any fault is set. */
  void install(ChannelPipeline p, String protocolHandler) {
    if (!faults.silentAfter().isZero() || !faults.replyDelay().isZero() || faults.stalls()) {
      p.addBefore(protocolHandler, "fault-frames", new FrameFaults());
    }
    if (faults.closeFraction() > 0) {
      p.addAfter(protocolHandler, "fault-close", new CloseFault());
    }
  }

  /** True for connection n (1, 2, ...) when it is one of the share to close: every 1/fraction-th. */
  boolean closes(long n) {
    double f = faults.closeFraction();
    return Math.floor(n * f + 1e-9) > Math.floor((n - 1) * f + 1e-9);
  }

  private final class FrameFaults extends ChannelInboundHandlerAdapter {
    private long openedAtNanos;
    /** Frames that arrived during the stall, answered when it ends. */
    private java.util.ArrayDeque<Object> stalled;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      openedAtNanos = System.nanoTime();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof WebSocketFrame) || msg instanceof CloseWebSocketFrame) {
        ctx.fireChannelRead(msg); // the handshake request and closes are never held back
        return;
      }
      long silentAfter = faults.silentAfter().toNanos();
      if (silentAfter > 0 && System.nanoTime() - openedAtNanos >= silentAfter) {
        ReferenceCountUtil.release(msg); // half-open: read and ignored, the socket stays open
        return;
      }
      if (faults.stalls() && stalling(ctx, msg)) {
        return;
      }
      long delay = faults.replyDelay().toNanos();
      if (delay > 0) {
        ctx.executor().schedule(() -> {
          if (ctx.channel().isActive()) {
            ctx.fireChannelRead(msg);
          } else {
            ReferenceCountUtil.release(msg);
          }
        }, delay, TimeUnit.NANOSECONDS);
        return;
      }
      ctx.fireChannelRead(msg);
    }

    /** True when {@code msg} arrived during the stall, or before the held frames went: held until they go, in order. */
    private boolean stalling(ChannelHandlerContext ctx, Object msg) {
      if (stalled != null && !stalled.isEmpty()) {
        stalled.add(msg);
        return true;
      }
      long since = System.nanoTime() - openedAtNanos;
      long from = faults.stallAfter().toNanos();
      long until = from + faults.stallFor().toNanos();
      if (stalled != null || since < from || since >= until) {
        return false; // one stall per connection
      }
      stalled = new java.util.ArrayDeque<>();
      stalled.add(msg);
      ctx.executor().schedule(() -> {
        for (Object m; (m = stalled.poll()) != null; ) {
          if (ctx.channel().isActive()) {
            ctx.fireChannelRead(m);
          } else {
            ReferenceCountUtil.release(m);
          }
        }
      }, until - since, TimeUnit.NANOSECONDS);
      return true;
    }
  }

  private final class CloseFault extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete && closes(handshakes.incrementAndGet())) {
        ctx.executor().schedule(() -> {
          if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new CloseWebSocketFrame(faults.closeCode(), "fault injected"))
                .addListener(ChannelFutureListener.CLOSE);
          }
        }, faults.closeAfter().toMillis(), TimeUnit.MILLISECONDS);
      }
      super.userEventTriggered(ctx, evt);
    }
  }
}
