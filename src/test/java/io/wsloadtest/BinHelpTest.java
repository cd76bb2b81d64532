package io.wsloadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/NAME --help} (and {@code -h}), as a user types it: the script's usage on stdout and exit 0, before
 * anything is compiled or started (Maven on the PATH here is a stub that fails, as would a script that went on).
 */
class BinHelpTest {

  @TempDir
  static Path stubs;

  @TestFactory
  Stream<DynamicTest> everyScriptAnswersHelpWithItsUsage() throws IOException {
    Path mvn = stubs.resolve("mvn");
    Files.writeString(mvn, "#!/bin/sh\necho 'compiling' >&2\nexit 97\n");
    mvn.toFile().setExecutable(true);
    List<Path> scripts;
    try (Stream<Path> s = Files.list(Path.of("bin"))) {
      scripts = s.filter(p -> !List.of("classpath", "help").contains(p.getFileName().toString())).sorted().toList();
    }
    assertTrue(scripts.size() >= 6, scripts.toString());
    return scripts.stream().flatMap(script -> Stream.of("--help", "-h").map(flag -> DynamicTest.dynamicTest(
        script + " " + flag, () -> {
          ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "-Dusers=10", flag)
              .redirectError(ProcessBuilder.Redirect.DISCARD);
          pb.environment().put("PATH", stubs + ":" + System.getenv("PATH"));
          Process p = pb.start();
          String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          assertTrue(p.waitFor(20, TimeUnit.SECONDS), "ends");
          assertEquals(0, p.exitValue(), out);
          assertTrue(out.contains(script + " "), "its usage names it: " + out);
          assertTrue(!out.contains("#!") && !out.lines().anyMatch(l -> l.startsWith("#")), "comment marks removed: " + out);
        })));
  }
}
