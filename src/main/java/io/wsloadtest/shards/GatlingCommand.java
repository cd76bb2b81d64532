package io.wsloadtest.shards;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of a Gatling JVM running one simulation: what the gatling-maven-plugin would fork,
 * without Maven, so a launcher can start several and a test can start one.
 */
public final class GatlingCommand {

  /** The plugin's --add-opens flags: Gatling dies at start without them. */
  static final List<String> ADD_OPENS = List.of(
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED");

  private GatlingCommand() {}

  /**
   * @param simulation short name (Connect) or class name
   * @param resultsFolder where Gatling writes its run folder
   * @param heapMb -Xmx of the JVM
   * @param properties -D system properties (wsload.* keys and aliases, gatling.* keys)
   * @param reports false to skip the HTML report (shards: the merged report is made once at the end)
   */
  public static List<String> of(String simulation, Path resultsFolder, int heapMb, Map<String, String> properties,
      boolean reports) {
    List<String> cmd = java(heapMb); // with -XX:+ExitOnOutOfMemoryError: a Gatling JVM out of heap hangs otherwise
    cmd.addAll(ADD_OPENS);
    properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-cp");
    cmd.add(classpath());
    cmd.add(WarmStart.class.getName()); // io.gatling.app.Gatling, after a warm-up when it is a shard
    cmd.add("-s");
    cmd.add(className(simulation));
    cmd.add("-rf");
    cmd.add(resultsFolder.toString());
    if (!reports) {
      cmd.add("-nr");
    }
    return cmd;
  }

  /**
   * The JVM options of every Gatling, shard and server JVM after -Xmx, the same as the pom's {@code jvmArgs}
   * for {@code mvn gatling:test} (a test keeps them equal); chosen by measurement, see bench/PROFILE.md.
   * Serial GC and a heap that starts small and keeps little slack: RSS grows with the connections held, not
   * with -Xmx. C1 only: C2 compiled through the whole ramp and cost a third of a short run's CPU. One arena of
   * Netty's pooled buffers (per kind) in 1 MB chunks, where one per core in 4 MB chunks kept ~15 MB more resident.
   */
  static final List<String> LEAN_JVM = List.of("-Xms32m", "-Xmn16m", "-XX:MinHeapFreeRatio=5",
      "-XX:MaxHeapFreeRatio=10", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
      "-XX:-HeapDumpOnOutOfMemoryError", "-Dio.netty.allocator.numDirectArenas=1",
      "-Dio.netty.allocator.numHeapArenas=1", "-Dio.netty.allocator.maxOrder=7");

  /** This JVM's java binary with a heap limit and {@link #LEAN_JVM}: the start of every child JVM's command line. */
  static List<String> java(int heapMb) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heapMb + "m"));
    cmd.addAll(LEAN_JVM);
    return cmd;
  }

  /** Short name (Connect) or class name to class name. */
  static String className(String simulation) {
    return simulation.contains(".") ? simulation : "io.wsloadtest.simulations." + simulation + "Simulation";
  }

  static boolean simulationExists(String simulation) {
    try {
      Class.forName(className(simulation), false, GatlingCommand.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Reports-only mode: renders the HTML report of a run folder (e.g. a merged one). */
  public static List<String> reportsOnly(Path resultsFolder, String runFolderName, int heapMb) {
    List<String> cmd = java(heapMb);
    cmd.addAll(ADD_OPENS);
    cmd.add("-cp");
    cmd.add(classpath());
    cmd.add("io.gatling.app.Gatling");
    cmd.add("-rf");
    cmd.add(resultsFolder.toString());
    cmd.add("-ro");
    cmd.add(runFolderName);
    return cmd;
  }

  /** target/classes (the kit), target/test-classes (the simulations) plus target/classpath.txt (written by the build), else this JVM's class path. */
  public static String classpath() {
    Path target = Path.of(System.getProperty("wsload.build.dir", "target"));
    Path file = target.resolve("classpath.txt");
    try {
      if (Files.exists(file)) {
        return target.resolve("classes").toAbsolutePath() + java.io.File.pathSeparator
            + target.resolve("test-classes").toAbsolutePath() + java.io.File.pathSeparator + Files.readString(file).trim();
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return System.getProperty("java.class.path");
  }

  /** The single run folder Gatling created under resultsFolder (one run per folder). */
  public static Path runFolder(Path resultsFolder) throws IOException {
    try (var dirs = Files.list(resultsFolder)) {
      List<Path> runs = dirs.filter(Files::isDirectory).toList();
      if (runs.size() != 1) {
        throw new IOException("expected one Gatling run folder in " + resultsFolder + ", found " + runs.size());
      }
      return runs.get(0);
    }
  }
}
