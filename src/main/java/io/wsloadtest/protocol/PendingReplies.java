package io.wsloadtest.protocol;

import io.netty.channel.Channel;
import io.netty.util.Timeout;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests awaiting their reply on one connection, by key (a ping id, an ack id, a receipt): each is settled
 * exactly once, by its reply, by its deadline ("WHAT timeout") or by the connection's end. Used on the connection's
 * event loop only.
 */
public final class PendingReplies<K> {

  private record Pending(Outcome outcome, String what, Timeout deadline) {}

  private final Channel channel;
  private final Map<K, Pending> pending = new LinkedHashMap<>();

  public PendingReplies(Channel channel) {
    this.channel = channel;
  }

  /** Awaits the reply to {@code key} for {@code timeoutMillis}; {@code what} names it in KO messages ("pong"). */
  public void await(K key, String what, long timeoutMillis, Outcome outcome) {
    Timeout deadline = Deadlines.after(timeoutMillis, channel, () -> {
      if (pending.remove(key) != null) {
        outcome.failed(what + " timeout");
      }
    });
    pending.put(key, new Pending(outcome, what, deadline));
  }

  /** The reply came: true when it was awaited (a late or unknown reply answers nothing). */
  public boolean answer(K key, long atMillis) {
    Pending p = pending.remove(key);
    if (p == null) {
      return false;
    }
    p.deadline().cancel();
    p.outcome().ok(atMillis);
    return true;
  }

  /** The request failed (the server said no, it could not be sent): true when it was awaited. */
  public boolean fail(K key, String message) {
    Pending p = pending.remove(key);
    if (p == null) {
      return false;
    }
    p.deadline().cancel();
    p.outcome().failed(message);
    return true;
  }

  /** The connection ended: every request still awaited fails, saying how. */
  public void failAll(String howItEnded) {
    for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
      Pending p = it.next();
      it.remove();
      p.deadline().cancel();
      p.outcome().failed("connection dropped while awaiting " + p.what() + ": " + howItEnded);
    }
  }

  public boolean isEmpty() {
    return pending.isEmpty();
  }

  public int size() {
    return pending.size();
  }
}
