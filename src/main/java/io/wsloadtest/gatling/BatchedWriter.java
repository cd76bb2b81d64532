package io.wsloadtest.gatling;

import io.gatling.core.actor.ActorRef;
import io.gatling.core.stats.DataWritersStatsEngine;
import io.gatling.core.stats.writer.DataWriterMessage;
import java.lang.reflect.Field;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import scala.concurrent.Promise;
import scala.concurrent.duration.FiniteDuration;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Stands in front of one of Gatling's data writers (simulation.log, console) and hands it the run's records in
 * batches, in the order they came. Gatling's writers are actors that wake a pool thread for every message that
 * finds them idle: at a few thousand records a second (a heartbeat every 30 s at 100k connections) a shard spent
 * a quarter of its CPU waking threads (futex signals under every record, measured with async-profiler in the
 * steady hold). Queued, a burst of records wakes a writer once. A record waits at most {@link #DELAY_MS} ms;
 * every other message (init, flush, stop, crash) first hands over what is queued, so the writer sees the run's
 * last record before its stop.
 */
final class BatchedWriter implements ActorRef<DataWriterMessage> {

  /** How long a record may wait: small beside the console's 5 s period; no record's times change. */
  static final long DELAY_MS = 50;

  /** The Gatling internal this class replaces: DataWritersStatsEngine's list of writers (GatlingVersion checks it). */
  static final String WRITERS_FIELD = "dataWriters";

  private static final ScheduledExecutorService FLUSHER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "wsload-record-batches");
    t.setDaemon(true);
    return t;
  });

  private final ActorRef<DataWriterMessage> writer;
  private final Queue<DataWriterMessage> queued = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();

  BatchedWriter(ActorRef<DataWriterMessage> writer) {
    this.writer = writer;
  }

  /** Puts a BatchedWriter in front of every data writer of this engine (a Gatling internal: its dataWriters). */
  static void install(DataWritersStatsEngine engine) throws ReflectiveOperationException {
    Field field = DataWritersStatsEngine.class.getDeclaredField(WRITERS_FIELD);
    field.setAccessible(true);
    @SuppressWarnings("unchecked")
    scala.collection.immutable.Seq<ActorRef<DataWriterMessage>> writers =
        (scala.collection.immutable.Seq<ActorRef<DataWriterMessage>>) field.get(engine);
    java.util.List<ActorRef<DataWriterMessage>> batched = new java.util.ArrayList<>();
    for (ActorRef<DataWriterMessage> w : CollectionConverters.asJava(writers)) {
      batched.add(w instanceof BatchedWriter ? w : new BatchedWriter(w));
    }
    field.set(engine, scala.collection.immutable.List.from(CollectionConverters.asScala(batched)));
  }

  @Override
  public void $bang(DataWriterMessage msg) {
    if (msg instanceof DataWriterMessage.LoadEvent) {
      queued.add(msg);
      if (flushScheduled.compareAndSet(false, true)) {
        FLUSHER.schedule(this::flush, DELAY_MS, TimeUnit.MILLISECONDS);
      }
    } else {
      synchronized (this) {
        flush();
        writer.$bang(msg);
      }
    }
  }

  /** Hands every queued record over now, in order: one thread at a time, so the order holds. */
  synchronized void flush() {
    flushScheduled.set(false); // before draining: a record added from here on schedules its own flush
    for (DataWriterMessage m = queued.poll(); m != null; m = queued.poll()) {
      writer.$bang(m);
    }
  }

  @Override
  public String name() {
    return writer.name();
  }

  @Override
  public <R> Promise<R> replyPromise(FiniteDuration timeout) {
    return writer.replyPromise(timeout);
  }
}
