package io.wsloadtest.gatling;

import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The Gatling JVM that {@code mvn gatling:test} forks, made to keep two promises the gatling-maven-plugin
 * (4.21, its Fork from gatling-enterprise-plugin-commons) cannot keep by itself. Named in the pom's
 * {@code <jvmArgs>} as {@code -javaagent}, this runs before the plugin's launcher.
 *
 * <ol>
 *   <li>Every -D value as typed. The plugin passes Maven's system properties to the fork as
 *       {@code -Dname=escape(value)}, where escape (a copy of plexus-utils' StringUtils.escape, from when the
 *       command line went through a shell) turns {@code "} into {@code \"}, {@code '} into {@code \'},
 *       {@code \} into {@code \\}, control and non-ASCII characters into {@code \n}, {@code \u00e9}...; its
 *       ProcessBuilder passes them on verbatim, so {@code -Dwsload.heartbeat.request='{"type":"ping"}'} reached the
 *       run as {@code {\"type\":\"ping\"}} (compare gatling/gatling#4675, where the plugin also added quotes).
 *       The escape is undone here for exactly the -D arguments the plugin appended after the pom's JVM options
 *       (they follow this agent's argument), and only after checking that it happened: .mvn/maven.config sets
 *       {@value #CANARY} to {@value #CANARY_VALUE}, which arrives escaped or not. A plugin that stops escaping
 *       leaves everything as it is.</li>
 *   <li>An exit code CI can read. Maven exits 1 for any failure of the fork, so an assertion failure (2) and
 *       a refused configuration (3) look the same. The plugin's launcher loads its main class through this
 *       thread's context class loader, which is pointed here at one that answers io.gatling.app.Gatling with
 *       the kit's entry ({@value #ENTRY}): it runs Gatling exactly as its main would (same arguments), compares
 *       the run with its baseline when one is set, and records the exit code and its meaning in outcome.json
 *       ({@link GatlingMain#runAndRecordOutcome}).</li>
 * </ol>
 */
public final class MavenFork {

  /** Set in .mvn/maven.config; its value tells whether the plugin escaped the -D values it passed on. */
  static final String CANARY = "io.wsloadtest.fork-canary";
  static final String CANARY_VALUE = "\"'\\";
  static final String GATLING_MAIN = "io.gatling.app.Gatling";
  /**
   * What runs instead of Gatling's main: the kit's entry, named rather than referenced so that this package does not
   * depend on what the entry brings (the baseline comparison).
   */
  static final String ENTRY = "io.wsloadtest.entry.MavenGatlingMain";

  private MavenFork() {}

  public static void premain(String agentArgs, Instrumentation instrumentation) {
    restoreTypedValues(ManagementFactory.getRuntimeMXBean().getInputArguments());
    Thread.currentThread().setContextClassLoader(new EntryPoint(ClassLoader.getSystemClassLoader()));
  }

  /** Undoes the plugin's escape on the -D arguments after this agent's, if the canary shows it escaped. */
  static void restoreTypedValues(List<String> jvmArguments) {
    String canary = System.getProperty(CANARY);
    if (canary == null || canary.equals(CANARY_VALUE)) {
      return; // not forked by the plugin with this project's maven.config, or values already as typed
    }
    if (!canary.equals(ForkEscape.escape(CANARY_VALUE))) {
      System.err.println("ws-loadtest: the Maven plugin passed " + CANARY + " as '" + canary + "' instead of '"
          + CANARY_VALUE + "' or its escaped form: -D values may not be exactly as typed");
      return;
    }
    boolean afterAgent = false;
    for (String arg : jvmArguments) {
      if (arg.startsWith("-javaagent:") && arg.contains("maven-fork-agent")) {
        afterAgent = true;
      } else if (afterAgent && arg.startsWith("-D") && arg.indexOf('=') > 2) {
        int eq = arg.indexOf('=');
        System.setProperty(arg.substring(2, eq), ForkEscape.unescape(arg.substring(eq + 1)));
      }
    }
  }

  /** Parent-first for everything but the plugin's main class name, answered with {@link MavenFork}. */
  private static final class EntryPoint extends ClassLoader {
    EntryPoint(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      return GATLING_MAIN.equals(name) ? super.loadClass(ENTRY, resolve) : super.loadClass(name, resolve);
    }
  }
}
