package io.wsloadtest.shards;

import io.wsloadtest.config.LoadTestConfig;
import java.util.List;

/**
 * While the shards run: one line every few seconds for the whole run, summed over shards, read from each
 * shard's Gatling console output; and the wall-clock watch on each shard.
 */
final class ProgressReporter {

  static final long PERIOD_MS = 5_000;

  private final LoadTestConfig config;
  private final List<ChildProcess> shards;
  private final List<ChildProcess> servers;
  private final GatlingConsole[] last;

  ProgressReporter(LoadTestConfig config, List<ChildProcess> shards, List<ChildProcess> servers) {
    this.config = config;
    this.shards = shards;
    this.servers = servers;
    this.last = new GatlingConsole[shards.size()];
    java.util.Arrays.fill(last, GatlingConsole.NONE);
  }

  void runUntilDone() throws InterruptedException {
    long start = System.nanoTime();
    long previousConnected = 0;
    long previousAt = start;
    while (shards.stream().anyMatch(ChildProcess::alive)) {
      Thread.sleep(PERIOD_MS);
      shards.forEach(ChildProcess::watch);
      servers.forEach(ChildProcess::watch);
      long connected = 0, ko = 0, hbKo = 0, drops = 0, active = 0;
      for (int i = 0; i < shards.size(); i++) {
        last[i] = GatlingConsole.parse(shards.get(i).tail(16_384), last[i]);
        connected += last[i].connectOk();
        ko += last[i].connectKo();
        hbKo += last[i].heartbeatKo();
        drops += last[i].drops();
        active += last[i].active();
      }
      long now = System.nanoTime();
      double rate = (connected - previousConnected) / ((now - previousAt) / 1e9);
      previousConnected = connected;
      previousAt = now;
      long running = shards.stream().filter(ChildProcess::alive).count();
      System.out.println(line((now - start) / 1_000_000_000L, connected, ko, hbKo, drops, active, rate, running));
    }
  }

  String line(long elapsedS, long connected, long ko, long hbKo, long drops, long active, double rate, long running) {
    int target = config.users();
    String eta = connected >= target ? "ramp done"
        : rate > 0 ? "full in ~" + (long) Math.ceil((target - connected) / rate) + "s" : "ramping";
    return String.format("[%4ds] connected %,d/%,d | %,.0f conn/s | connect KO %,d | heartbeat KO %,d | drops %,d"
        + " | active users %,d | %s | shards running %d/%d", elapsedS, connected, target, rate, ko, hbKo, drops, active, eta,
        running, shards.size());
  }
}
