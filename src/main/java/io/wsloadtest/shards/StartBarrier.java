package io.wsloadtest.shards;

import com.typesafe.config.ConfigFactory;
import io.wsloadtest.config.LoadTestConfig;
import io.wsloadtest.config.Target;
import io.wsloadtest.gatling.RunOutcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The shards of one run start injecting at one common instant, once every shard is ready (JVM up,
 * configuration valid, its targets reachable). Each shard records itself as ready in the shared run folder
 * ({@code RUN_DIR/shard-INDEX/shard.json}, see {@link ShardRecord}) and waits until all COUNT records of its run
 * are there; all then start at the same instant: the last ready time plus {@link #MARGIN}. The same folder
 * works for bin/launch (the run folder) and for a Kubernetes Indexed Job (the shared results volume).
 *
 * <p>Shards on different machines do not trust each other's clocks: every time is taken on the shared folder's
 * clock ({@link SharedClock}), so the instant is one instant however far the machines' clocks drift. A shard
 * whose clock is more than {@link #MAX_CLOCK_OFFSET} from the folder's refuses (the merged log's timeline
 * would be off by as much); no shard waits longer than the margin plus that much for the instant; a shard that
 * sees the last record more than {@link #MAX_LATE_START} after the instant (a folder slow to show other
 * machines' files) fails, named, rather than start that late. Each shard records how far from the instant it
 * started; the merged run's summary lists it.
 *
 * <p>A shard that fails before it is ready records why; the others see it and stop at once. One that never
 * gets ready stops every shard after {@code wsload.shard.ready-timeout}, naming it. Either way no load starts.
 */
public final class StartBarrier {

  /** Room for every waiting shard to see the last record before the instant it names. */
  static final Duration MARGIN = Duration.ofMillis(500);
  /** Beyond this, shards' clocks disagree too much for one timeline in the merged log: refused. */
  static final Duration MAX_CLOCK_OFFSET = Duration.ofSeconds(1);
  /** A shard that would start later than this after the planned instant fails instead. */
  static final Duration MAX_LATE_START = Duration.ofSeconds(2);
  static final Duration WAIT_GRACE = Duration.ofSeconds(10);
  static final Duration POLL = Duration.ofMillis(50);

  private final Path runDir;
  private final String runId;
  private final int index;
  private final int count;
  private final Duration timeout;
  private final int users;
  private final Duration waitGrace;
  private final LongSupplier localClock;

  StartBarrier(Path runDir, String runId, int index, int count, int users, Duration timeout) {
    this(runDir, runId, index, count, users, timeout, WAIT_GRACE, System::currentTimeMillis);
  }

  /** @param localClock this shard's clock (tests give one that is off) */
  StartBarrier(Path runDir, String runId, int index, int count, int users, Duration timeout, Duration waitGrace,
      LongSupplier localClock) {
    this.waitGrace = waitGrace;
    this.users = users;
    this.runDir = runDir;
    this.runId = runId;
    this.index = index;
    this.count = count;
    this.timeout = timeout;
    this.localClock = localClock;
  }

  /**
   * Call just before injection starts (Simulation.before()). Returns at the common start instant; without a
   * run folder (wsload.shard.run-dir, a single JVM run) at once. Ends the JVM with exit code 3 when the run
   * cannot start.
   */
  public static void awaitAll(LoadTestConfig config) {
    String dir = setting("wsload.shard.run-dir", System.getProperties(), System.getenv());
    if (dir.isEmpty()) {
      return;
    }
    LoadTestConfig.Shard shard = config.shard();
    StartBarrier barrier = new StartBarrier(Path.of(dir), setting("wsload.shard.run-id", System.getProperties(),
        System.getenv()), shard.index(), shard.count(), shard.totalUsers(), shard.readyTimeout());
    try {
      if (config.embeddedTarget() && shard.count() > 1) {
        throw new NotReadyException(barrier.name() + " is not ready: wsload.target = embedded: each shard would"
            + " test a private echo server of its own; set wsload.target (WSLOAD_TARGET) to the server under test;"
            + " no load was started");
      }
      barrier.checkReachable(config.embeddedTarget() ? List.of() : config.targets());
      ShardRecord started = barrier.arrive();
      System.out.printf("start barrier: all %d shards ready, injecting at %d (this shard %+d ms from it; its clock"
          + " is %+d ms off the shared folder's)%n", shard.count(), started.plannedStartMillis(),
          started.startOffsetMillis(), -started.clockOffsetMillis());
    } catch (NotReadyException e) {
      if (e.ownFailure) {
        barrier.recordFailure(e.getMessage());
      }
      RunOutcome.recordRefusal(e.getMessage());
      System.err.println();
      System.err.println(e.getMessage());
      System.err.flush();
      System.exit(ExitCodes.REFUSED);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.exit(ExitCodes.REFUSED);
    }
  }

  /** Every target answers a TCP connect, retried until the timeout (servers may still be starting). */
  void checkReachable(List<Target> targets) throws NotReadyException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<String> pending = new LinkedHashSet<>();
    targets.forEach(t -> pending.add(t.host() + ":" + t.port()));
    String lastError = "";
    while (!pending.isEmpty()) {
      for (String hostPort : List.copyOf(pending)) {
        int colon = hostPort.lastIndexOf(':');
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
              1000);
          pending.remove(hostPort);
        } catch (IOException e) {
          lastError = hostPort + ": " + e.getMessage();
        }
      }
      if (!pending.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new NotReadyException(name() + " is not ready: target(s) " + pending + " not reachable within "
              + timeout.toSeconds() + " s (" + lastError + "); no load was started");
        }
        Thread.sleep(200);
      }
    }
  }

  /**
   * Records this shard as ready, waits for the others, then until the common instant; records and returns how
   * it started.
   */
  ShardRecord arrive() throws NotReadyException, InterruptedException {
    SharedClock clock = sharedClock();
    if (Math.abs(clock.offsetMillis()) > MAX_CLOCK_OFFSET.toMillis()) {
      throw new NotReadyException(String.format("%s is not ready: its clock is %.1f s %s the shared folder's (%s);"
          + " the merged log would put its records that far off the others'. Synchronise the machines' clocks"
          + " (NTP, chrony): the kit accepts up to %d ms; no load was started", name(),
          Math.abs(clock.offsetMillis()) / 1000.0, clock.offsetMillis() < 0 ? "ahead of" : "behind",
          runDir.toAbsolutePath(), MAX_CLOCK_OFFSET.toMillis()));
    }
    ShardRecord ready = ShardRecord.ready(runId, index, count, users, clock.now(), clock.offsetMillis());
    write(ready);
    // Longer than a shard's own readiness check, so a shard that failed it is named as the cause.
    long deadline = System.nanoTime() + timeout.plus(waitGrace).toNanos();
    while (true) {
      List<Integer> missing = new ArrayList<>();
      long lastReady = 0;
      int last = index;
      for (int i = 0; i < count; i++) {
        Optional<ShardRecord> r = read(i);
        if (r.isEmpty()) {
          missing.add(i);
        } else if (!r.get().isReady()) {
          throw new NotReadyException("shard " + i + " of " + count + " failed before load: " + r.get().reason()
              + "; " + name() + " stops too: no load was started", false);
        } else if (r.get().readyAtMillis() > lastReady) {
          lastReady = r.get().readyAtMillis();
          last = i;
        }
      }
      if (missing.isEmpty()) {
        return startAt(clock, ready, lastReady + MARGIN.toMillis(), last);
      }
      if (System.nanoTime() > deadline) {
        throw new NotReadyException("shard(s) " + missing + " of " + count + " not ready within "
            + timeout.plus(waitGrace).toSeconds() + " s (no record of run " + runId + " in " + runDir.toAbsolutePath()
            + "/shard-N/" + ShardRecord.FILE + "): " + name() + " stops: no load was started", false);
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** Waits (bounded) until {@code planned} on the shared clock, records the start and returns the record. */
  private ShardRecord startAt(SharedClock clock, ShardRecord ready, long planned, int last)
      throws NotReadyException, InterruptedException {
    long wait = planned - clock.now();
    if (wait > MARGIN.plus(MAX_CLOCK_OFFSET).toMillis()) {
      throw new NotReadyException(String.format("shard %d of %d recorded itself ready %.1f s ahead of the shared"
          + " folder's clock (%s): %s will not wait that long; no load was started", last, count,
          (wait - MARGIN.toMillis()) / 1000.0, runDir.toAbsolutePath(), name()));
    }
    if (-wait > MAX_LATE_START.toMillis()) {
      throw new NotReadyException(String.format("%s saw shard %d's record %.1f s after the instant all shards were"
          + " to start at: the shared folder (%s) showed it that late (NFS/EFS attribute or lookup caching? see"
          + " k8s/README.md); it does not start that late: its users are missing from the run", name(), last,
          -wait / 1000.0, runDir.toAbsolutePath()));
    }
    if (wait > 0) {
      Thread.sleep(wait); // waiting for an instant all shards agree on, not for a condition
    }
    ShardRecord started = ready.started(planned, clock.now() - planned);
    write(started);
    return started;
  }

  private SharedClock sharedClock() throws NotReadyException {
    Path dir = ShardRecord.shardDir(runDir, index);
    try {
      return SharedClock.measure(dir, localClock);
    } catch (IOException e) {
      throw new NotReadyException(name() + " cannot write in " + dir.toAbsolutePath() + ": " + e.getMessage()
          + "; no load was started");
    }
  }

  /**
   * For a launcher: waits until every shard it started recorded itself ready (then they start together);
   * returns why not (null when all are ready) when a shard failed or ended first, or the time ran out.
   */
  static String awaitShards(Path runDir, String runId, List<ChildProcess> injectors, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Integer> pending = new ArrayList<>();
      List<Integer> ended = new ArrayList<>();
      for (int i = 0; i < injectors.size(); i++) {
        Optional<ShardRecord> r;
        try {
          r = ShardRecord.read(ShardRecord.shardDir(runDir, i)).filter(x -> x.runId().equals(runId));
        } catch (IOException e) {
          r = Optional.empty(); // being written: seen on the next round
        }
        if (r.isPresent() && !r.get().isReady()) {
          return "shard " + i + " failed before load: " + r.get().reason() + "; see " + injectors.get(i).output;
        }
        if (r.isEmpty()) {
          pending.add(i);
          if (!injectors.get(i).alive()) {
            ended.add(i);
          }
        }
      }
      // A shard that recorded why it failed is named above; one that just ended is named here.
      if (!ended.isEmpty()) {
        ChildProcess c = injectors.get(ended.get(0));
        String last = c.tail(2000).strip().lines().reduce((a, b) -> b).orElse("");
        return "shard " + ended.get(0) + " ended (exit " + c.waitFor() + ") before it was ready: " + last + "; see "
            + c.output;
      }
      if (pending.isEmpty()) {
        return null;
      }
      if (System.nanoTime() > deadline) {
        return "shard(s) " + pending + " not ready within " + timeout.toSeconds() + " s; no load was started";
      }
      Thread.sleep(100);
    }
  }

  void recordFailure(String reason) {
    try {
      write(ShardRecord.failed(runId, index, count, users, reason));
    } catch (NotReadyException e) {
      System.err.println(e.getMessage());
    }
  }

  private String name() {
    return "shard " + index + " of " + count;
  }

  private void write(ShardRecord record) throws NotReadyException {
    Path dir = ShardRecord.shardDir(runDir, index);
    try {
      record.write(dir);
    } catch (IOException e) {
      throw new NotReadyException(name() + " cannot record itself in " + dir.toAbsolutePath() + ": " + e.getMessage()
          + "; no load was started");
    }
  }

  /** Shard i's record of this run; a record of another run (a stale folder) counts as none. */
  private Optional<ShardRecord> read(int i) {
    try {
      return ShardRecord.read(ShardRecord.shardDir(runDir, i)).filter(r -> r.runId().equals(runId) && r.index() == i);
    } catch (IOException e) {
      return Optional.empty(); // being replaced right now: seen on the next poll
    }
  }

  /**
   * Where a launcher or a manifest puts the run's folder and id for its shards: -Dwsload.shard.X or
   * WSLOAD_SHARD_X ("-" as "__"), never a profile's. Read before the configuration, to know whether this JVM is a
   * shard at all; the shard settings a user may choose (ready-timeout, warm-up-users) come with the configuration.
   */
  static String setting(String key, java.util.Properties props, Map<String, String> env) {
    String fromProps = props.getProperty(key);
    if (fromProps != null) {
      return fromProps.trim();
    }
    String envName = key.toUpperCase(java.util.Locale.ROOT).replace("-", "__").replace('.', '_');
    String fromEnv = env.get(envName);
    if (fromEnv != null) {
      return fromEnv.trim();
    }
    return ConfigFactory.parseResourcesAnySyntax("reference").getString(key);
  }

  static final class NotReadyException extends Exception {
    private static final long serialVersionUID = 1L;
    /** False when another shard's failure stopped this one: only the shard that failed records why. */
    final boolean ownFailure;

    NotReadyException(String message) {
      this(message, true);
    }

    NotReadyException(String message, boolean ownFailure) {
      super(message);
      this.ownFailure = ownFailure;
    }
  }
}
