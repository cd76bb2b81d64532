package io.wsloadtest.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatling.core.actor.ActorRef;
import io.gatling.core.stats.writer.DataWriterMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import scala.concurrent.Promise;
import scala.concurrent.duration.FiniteDuration;

class BatchedWriterTest {

  /** A data writer that only remembers what reached it, and on which thread. */
  static final class Recorder implements ActorRef<DataWriterMessage> {
    final List<DataWriterMessage> got = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    final CountDownLatch atLeast;

    Recorder(int expected) {
      atLeast = new CountDownLatch(expected);
    }

    @Override
    public void $bang(DataWriterMessage msg) {
      got.add(msg);
      threads.add(Thread.currentThread());
      atLeast.countDown();
    }

    @Override
    public String name() {
      return "recorder";
    }

    @Override
    public <R> Promise<R> replyPromise(FiniteDuration timeout) {
      return Promise.apply();
    }
  }

  /** A record as Gatling's are: a LoadEvent (Gatling's own are Scala case classes). */
  record Event(String from, long seq) implements DataWriterMessage.LoadEvent {}

  private static DataWriterMessage user(int i) {
    return new Event("s", i);
  }

  @Test
  void recordsArriveLaterInOneBatchInTheirOrderFromOneThread() throws Exception {
    Recorder writer = new Recorder(100);
    BatchedWriter batched = new BatchedWriter(writer);
    for (int i = 0; i < 100; i++) {
      batched.$bang(user(i));
    }
    assertTrue(writer.atLeast.await(10, TimeUnit.SECONDS), "every record arrives without anything else sent");
    for (int i = 0; i < 100; i++) {
      assertEquals(user(i), writer.got.get(i));
    }
    // Handed over by the batch thread, not by the thread that wrote them.
    assertTrue(writer.threads.stream().allMatch(t -> t.getName().equals("wsload-record-batches")), "" + writer.threads);
  }

  @Test
  void aStopHandsOverEveryQueuedRecordFirstAndGoesOnAtOnce() {
    Recorder writer = new Recorder(1);
    BatchedWriter batched = new BatchedWriter(writer);
    batched.$bang(user(1));
    batched.$bang(user(2));
    DataWriterMessage stop = new DataWriterMessage.Stop(Promise.apply());
    batched.$bang(stop);
    // Synchronously, on this thread: the writer's last records come before its stop.
    assertEquals(List.of(user(1), user(2), stop), writer.got);
  }

  @Test
  void aFlushFromTheWriterItselfPassesStraightThrough() {
    Recorder writer = new Recorder(1);
    new BatchedWriter(writer).$bang(DataWriterMessage.Flush$.MODULE$);
    assertSame(DataWriterMessage.Flush$.MODULE$, writer.got.get(0));
  }

  @Test
  void recordsFromManyThreadsAreAllHandedOverInEachThreadsOrder() throws Exception {
    int threads = 4;
    int each = 5_000;
    Recorder writer = new Recorder(threads * each);
    BatchedWriter batched = new BatchedWriter(writer);
    List<Thread> senders = new java.util.ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String scenario = "t" + t;
      Thread th = new Thread(() -> {
        for (int i = 0; i < each; i++) {
          batched.$bang(new Event(scenario, i));
        }
      });
      senders.add(th);
      th.start();
    }
    for (Thread th : senders) {
      th.join();
    }
    assertTrue(writer.atLeast.await(10, TimeUnit.SECONDS), "got " + writer.got.size());
    assertEquals(threads * each, writer.got.size());
    for (int t = 0; t < threads; t++) {
      String scenario = "t" + t;
      long[] last = {-1};
      writer.got.stream().map(m -> (Event) m).filter(u -> u.from().equals(scenario))
          .forEach(u -> {
            assertTrue(u.seq() > last[0], scenario + " out of order at " + u.seq());
            last[0] = u.seq();
          });
    }
  }
}
