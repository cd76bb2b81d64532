package io.wsloadtest.plan;

import io.wsloadtest.config.Target;
import java.net.InetAddress;
import java.util.List;

/**
 * Which target and which source IP each virtual user gets.
 *
 * <p>Users walk the cross product of targets and source IPs (target fastest), so every source IP reaches
 * every target and each (source IP, target) pair gets an equal share. Rotating two lists independently
 * would move them in lock-step when their lengths are equal: IP 1 would always hit target 1.
 */
public final class ConnectionPlan {

  /** One user's assignment; {@code sourceIp} is null when the kernel chooses. */
  public record Assignment(Target target, InetAddress sourceIp) {}

  private final List<Target> targets;
  private final List<InetAddress> sourceIps;

  public ConnectionPlan(List<Target> targets, List<InetAddress> sourceIps) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("a connection plan needs at least one target");
    }
    this.targets = List.copyOf(targets);
    this.sourceIps = List.copyOf(sourceIps);
  }

  /** The assignment of the user with this index (0, 1, 2, ... in any order, e.g. Gatling's user id). */
  public Assignment assign(long userIndex) {
    long i = Math.floorMod(userIndex, (long) targets.size() * Math.max(1, sourceIps.size()));
    Target target = targets.get((int) (i % targets.size()));
    InetAddress ip = sourceIps.isEmpty() ? null : sourceIps.get((int) (i / targets.size()));
    return new Assignment(target, ip);
  }

  public List<Target> targets() {
    return targets;
  }

  public List<InetAddress> sourceIps() {
    return sourceIps;
  }
}
