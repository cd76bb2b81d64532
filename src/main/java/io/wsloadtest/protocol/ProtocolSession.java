package io.wsloadtest.protocol;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.Timeout;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * One connection's conversation in a protocol spoken over WebSocket (Socket.IO, STOMP, graphql-transport-ws,
 * MQTT), as a Netty handler in the connection's pipeline, in front of the kit's watch and Gatling's WebSocket
 * handler. It does what the protocol asks by itself (answers the server's keep-alives, sends its own on time,
 * drops a connection whose server went quiet), consumes the protocol's frames, and hands the kit what it asks
 * for: the application's acceptance, a heartbeat, a subscription's pushes, a request's reply, an orderly goodbye.
 * Every call and every outcome happens on the connection's event loop.
 */
public abstract class ProtocolSession extends ChannelDuplexHandler {

  /** The application messages of a subscription: their payload and when each arrived; or the server's error. */
  public interface Pushes {
    void push(String payload, long atMillis);

    /** The server ended the subscription with an error (its words), after it was started. */
    void error(String message, long atMillis);
  }

  /**
   * Fired down the pipeline (to the kit's watch) before the session closes the connection for a reason of the
   * protocol's: {@code cause} is the drop cause ("keep-alive timeout"), {@code detail} what happened.
   */
  public record Dropped(String cause, String detail) {}

  /** The clock the kit stamps its records with. */
  protected final LongSupplier clock;
  private ChannelHandlerContext ctx;
  private boolean keepAlive = true;

  protected ProtocolSession(LongSupplier clock) {
    this.clock = clock;
  }

  /** The protocol's name, as wsload.protocol spells it and as its KO messages begin ("stomp"). */
  public abstract String protocol();

  /** The handlers that turn WebSocket frames into this protocol's messages, placed in front of the session. */
  protected ChannelHandler[] codecs() {
    return new ChannelHandler[0];
  }

  /**
   * After the upgrade: the protocol's handshake, with this user's values for the {@code #{column}} templates of the
   * configuration (a token). {@code accepted} is told when the application accepted the client (ok), or refused
   * it ("PROTOCOL refused: " quoting the server), or did not answer within {@code timeoutMillis}
   * ("PROTOCOL accept timeout").
   */
  public abstract void open(UnaryOperator<String> userValues, long timeoutMillis, Outcome accepted);

  /**
   * One heartbeat: the protocol's keep-alive, timed where it has a reply (MQTT PINGREQ, graphql ping), else the
   * server's next keep-alive awaited within {@code timeoutMillis}.
   */
  public abstract void heartbeat(long timeoutMillis, Outcome outcome);

  /**
   * Subscribes as configured, with this user's values for the {@code #{column}} templates of the configuration;
   * the subscription's messages then go to {@code pushes}. {@code outcome} is told when the server confirmed it, or
   * at once where the protocol has no confirmation.
   */
  public abstract void subscribe(UnaryOperator<String> userValues, long timeoutMillis, Pushes pushes,
      Outcome outcome);

  /**
   * A request that the server answers (an ack, a receipt, a PUBACK) carrying {@code payload}: {@code outcome} is
   * told when the answer came (compared with the payload where the protocol echoes it). False, and nothing sent,
   * when the protocol has no request/reply.
   */
  public boolean request(String payload, long timeoutMillis, Outcome outcome) {
    return false;
  }

  /** The name of {@link #request}'s report row ("emit with ack", "publish qos 1"...). */
  public String requestName() {
    return "request";
  }

  /** Says goodbye as the protocol asks (DISCONNECT...); the kit then closes the WebSocket. */
  public abstract void goodbye();

  /** How a goodbye ended: told once, on the event loop. */
  public interface Farewell {
    /** The server ended the connection in answer, as the protocol has it: that was the orderly close. */
    void closedByServer(long atMillis);

    /** The connection is still open: the kit closes the WebSocket. */
    void clientCloses();
  }

  /**
   * {@link #goodbye()}, then {@code then} told how the connection is to end. Where the protocol's server ends the
   * connection after the goodbye (an MQTT broker after DISCONNECT), the session waits for that up to
   * {@code timeoutMillis}: what the server sent meanwhile still arrives, and the kit does not race it with a close
   * of its own. By default the kit closes at once.
   */
  public void goodbye(long timeoutMillis, Farewell then) {
    goodbye();
    then.clientCloses();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    for (ChannelHandler codec : codecs()) {
      ctx.pipeline().addBefore(ctx.name(), null, codec);
    }
  }

  protected final ChannelHandlerContext ctx() {
    return ctx;
  }

  /** wsload.keep-alive = false: neither answer the server's keep-alives nor send the client's own. */
  final void silenceKeepAlive() {
    keepAlive = false;
  }

  /** False when the session must keep silent about keep-alives, to see what the server does then. */
  protected final boolean keepAlive() {
    return keepAlive;
  }

  protected final long now() {
    return clock.getAsLong();
  }

  /** A text frame to the server. */
  protected final void sendText(String text) {
    ctx.writeAndFlush(new TextWebSocketFrame(text));
  }

  /** A message to the server, through the codecs. */
  protected final void send(Object message) {
    ctx.writeAndFlush(message);
  }

  /** {@code task} on the event loop in {@code millis}. */
  protected final Timeout after(long millis, Runnable task) {
    return Deadlines.after(millis, ctx.channel(), task);
  }

  /** Ends the connection for a reason of the protocol's (the server's keep-alive stopped, say). */
  protected final void drop(String cause, String detail) {
    ctx.fireUserEventTriggered(new Dropped(cause, detail));
    ctx.close();
  }
}
