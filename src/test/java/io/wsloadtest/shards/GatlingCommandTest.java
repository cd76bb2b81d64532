package io.wsloadtest.shards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GatlingCommandTest {

  /** mvn gatling:test and the launcher's shards and servers run with the same measured JVM options. */
  @Test
  void pomJvmArgsAreTheLaunchersLeanOptions() throws Exception {
    String pom = Files.readString(Path.of("pom.xml"));
    Matcher block = Pattern.compile("<jvmArgs>(.*?)</jvmArgs>", Pattern.DOTALL).matcher(pom);
    assertTrue(block.find(), "pom.xml has the gatling plugin's <jvmArgs>");
    List<String> pomArgs = Pattern.compile("<jvmArg>(.*?)</jvmArg>").matcher(block.group(1)).results()
        .map(m -> m.group(1).trim()).filter(a -> !a.startsWith("-Xmx"))
        .filter(a -> !a.startsWith("-javaagent:")) // the Maven fork's own agent (io.wsloadtest.gatling.MavenFork)
        .collect(Collectors.toList());
    assertEquals(GatlingCommand.LEAN_JVM, pomArgs);
  }

  @Test
  void everyChildJvmGetsItsHeapAndTheLeanOptions() {
    List<String> cmd = GatlingCommand.java(300);
    assertEquals("-Xmx300m", cmd.get(1));
    assertEquals(GatlingCommand.LEAN_JVM, cmd.subList(2, cmd.size()));
  }
}
