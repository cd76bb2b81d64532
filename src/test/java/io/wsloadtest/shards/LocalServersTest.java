package io.wsloadtest.shards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wsloadtest.config.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --local-servers: one echo server per target port, serving that target's own path (end to end: ShardedRunTest). */
class LocalServersTest {

  @Test
  void eachServerServesItsOwnTargetsPath() {
    List<Target> targets = List.of(Target.parseUrl("ws://127.0.0.1:9002/b?token=1"), Target.parseUrl("ws://127.0.0.1:9001/a"),
        Target.parseUrl("ws://127.0.0.1:9002/b"));
    assertEquals(Map.of("127.0.0.1:9001", "/a", "127.0.0.1:9002", "/b"), Launcher.serverPaths(targets));
  }

  @Test
  void twoPathsOnOnePortAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Launcher.serverPaths(
        List.of(Target.parseUrl("ws://127.0.0.1:9001/a"), Target.parseUrl("ws://127.0.0.1:9001/b"))));
    assertEquals("--local-servers starts one echo server per port, which serves one path, but 127.0.0.1:9001 has two:"
        + " /a and /b", e.getMessage());
  }
}
