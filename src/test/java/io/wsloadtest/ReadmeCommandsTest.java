package io.wsloadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.wsloadtest.capacity.CapacitySettings;
import io.wsloadtest.compare.Tolerances;
import io.wsloadtest.config.InvalidConfigException;
import io.wsloadtest.config.LoadTestConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shell command the documentation gives, run as written: each ```bash block of README.md, k8s/README.md
 * and monitoring/README.md goes through bash (so quoting, {@code $} and line continuations are bash's), with the
 * kit's commands and the tools around them replaced by stubs that record their arguments and WSLOAD_ environment.
 * Then each recorded call is checked as the command would check it before any load: its configuration parses
 * with every -D and WSLOAD_ value (unknown keys, bad values and malformed JSON are refused as in a run), its
 * simulation exists, its options are the command's. A command that is not stubbed fails ("command not found"),
 * so a new one is a decision, not an accident.
 */
class ReadmeCommandsTest {

  static final List<Path> DOCS = List.of(Path.of("README.md"), Path.of("k8s", "README.md"),
      Path.of("monitoring", "README.md"));
  private static final Pattern BLOCK = Pattern.compile("(?ms)^```bash\\n(.*?)^```");
  /** Simulation class names the README uses as placeholders for a user's own. */
  private static final Pattern PLACEHOLDER_CLASS = Pattern.compile("com\\.acme\\..*");
  private static final String SEP = "\u001f";
  private static final Pattern BASH_ERROR = Pattern.compile(
      "syntax error|command not found|unbound variable|bad substitution|No such file or directory");
  /** System properties a run reads besides wsload.*: the aliases, the simulation, the heap, Gatling's own. */
  private static final Pattern RUN_PROPERTY = Pattern.compile(
      "wsload\\..+|profile|target|users|ramp|hold|simulation|heap|gatling\\..+");

  /** The kit's commands and the tools the documentation runs beside them. */
  private static final List<String> STUBBED = List.of("mvn", "./mvnw", "bin/launch", "bin/capacity", "bin/compare",
      "bin/echo-server", "bin/merge-shards", "bin/tune-host", "bench/100k.sh", "bench/compare-go.sh",
      "bench/echo-throughput.sh", "bench/single-jvm-hold.sh", "bench/protocols.sh", "bench/capacity.sh",
      "bench/profile.sh", "bench/reference-servers.sh", ".ci/run", "prometheus", "grafana-server", "grafana",
      "kubectl", "docker", "curl", "java", "node", "npm", "apt-get", "sudo", "promtool", "xdg-open", "open",
      "systemctl", "tar", "wget", "mkdir");

  static List<String> blocks(Path doc) throws IOException {
    List<String> out = new ArrayList<>();
    if (!Files.exists(doc)) {
      return out;
    }
    Matcher m = BLOCK.matcher(Files.readString(doc));
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The README's worked example is the real simulation: every line of its Java block is in the file, in order. */
  @Test
  void theReadmesJavaExampleIsTheSubscribeSimulationAsItIs() throws IOException {
    Matcher m = Pattern.compile("(?ms)^```java\\n(.*?)^```").matcher(Files.readString(DOCS.get(0)));
    assertTrue(m.find(), "README.md's Java example was not found");
    String file = Files.readString(Path.of("src/test/java/io/wsloadtest/simulations/SubscribeSimulation.java"));
    int at = 0;
    for (String line : m.group(1).lines().filter(l -> !l.isBlank()).toList()) {
      int found = file.indexOf(line + "\n", at);
      assertTrue(found >= 0, "not in SubscribeSimulation.java (in this order): " + line);
      at = found + line.length();
    }
  }

  @Test
  void theReadmeHasCommandsToCheck() throws IOException {
    assertTrue(blocks(DOCS.get(0)).size() >= 8, "README.md's bash blocks were not found");
  }

  @TestFactory
  Stream<DynamicTest> everyDocumentedCommandRunsAsWrittenAndIsAccepted(@TempDir Path dir) throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path doc : DOCS) {
      List<String> blocks = blocks(doc);
      for (int i = 0; i < blocks.size(); i++) {
        String block = blocks.get(i);
        String name = doc + " block " + (i + 1) + ": " + block.lines().findFirst().orElse("").strip();
        tests.add(DynamicTest.dynamicTest(name, () -> check(dir, block)));
      }
    }
    return tests.stream();
  }

  private static void check(Path dir, String block) throws Exception {
    Path script = Files.createTempFile(dir, "block", ".sh");
    Files.writeString(script, block);
    Process syntax = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
    String syntaxOut = new String(syntax.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(syntax.waitFor(30, TimeUnit.SECONDS) && syntax.exitValue() == 0, "bash -n:\n" + syntaxOut + block);

    Path calls = Files.createTempFile(dir, "calls", ".txt");
    Path run = Files.createTempFile(dir, "run", ".sh");
    Files.writeString(run, prelude(calls, harmlessTools(dir)) + block + "\nwait\n");
    Path output = Files.createTempFile(dir, "out", ".txt");
    Process bash = new ProcessBuilder("bash", run.toString()).redirectErrorStream(true)
        .redirectOutput(output.toFile()).start();
    if (!bash.waitFor(60, TimeUnit.SECONDS)) {
      bash.destroyForcibly().waitFor();
      throw new AssertionError("the block did not end within 60 s:\n" + Files.readString(output) + "\n" + block);
    }
    String out = Files.readString(output);
    assertEquals(0, bash.exitValue(), "the block failed with the kit's commands stubbed:\n" + out + "\n" + block);
    // bash goes on after an expansion error ("$[...]" in double quotes is arithmetic): its message is the failure.
    assertTrue(!BASH_ERROR.matcher(out).find(), "bash complained:\n" + out + "\n" + block);
    List<String> recorded = Files.readAllLines(calls);
    assertTrue(!recorded.isEmpty(), "the block ran no documented command:\n" + block);
    for (String line : recorded) {
      Call call = Call.parse(line);
      try {
        call.check();
      } catch (AssertionError e) {
        throw new AssertionError(call.name + " " + String.join(" ", call.args) + ": " + e.getMessage(), e);
      }
    }
  }

  /** Stubs that append one line per call: name, arguments and the WSLOAD_ environment, separated by \x1f. */
  private static String prelude(Path calls, Path tools) {
    StringBuilder sb = new StringBuilder("set -eu\nexport TOKEN=secret-token LOADTEST_TOKEN=secret-token\n");
    sb.append("record() { local IFS='").append(SEP).append("'; printf '%s").append(SEP).append("ENV").append(SEP)
        .append("%s\\n' \"$*\" \"$(env | grep '^WSLOAD_' | tr '\\n' '").append(SEP).append("')\" >> '")
        .append(calls).append("'; }\n");
    for (String command : STUBBED) {
      sb.append(command).append("() { record '").append(command).append("' \"$@\"; ");
      if (command.equals("kubectl")) {
        sb.append("if [ \"${1:-}\" = get ]; then echo Complete; fi; ");
      }
      sb.append("}\n");
    }
    sb.append("sleep() { :; }\n");
    // Only text tools stay on PATH: a command the README adds is a stub or "command not found", never run for real.
    sb.append("PATH='").append(tools).append("'\n");
    return sb.toString();
  }

  /** Text tools a block may pipe through; everything else outside bash is stubbed or absent. */
  private static final List<String> HARMLESS = List.of(
      "env", "grep", "tr", "cat", "head", "tail", "sed", "awk", "cut", "sort", "uniq", "wc", "seq", "date",
      "basename", "dirname", "printf", "echo", "true", "false", "test", "ls", "jq");

  private static Path harmlessTools(Path dir) throws IOException {
    Path tools = dir.resolve("tools");
    if (!Files.isDirectory(tools)) {
      Files.createDirectories(tools);
      for (String tool : HARMLESS) {
        for (String bin : List.of("/usr/bin/", "/bin/")) {
          Path real = Path.of(bin + tool);
          if (Files.isExecutable(real)) {
            Files.createSymbolicLink(tools.resolve(tool), real);
            break;
          }
        }
      }
    }
    return tools;
  }

  /** One recorded call of a stubbed command. */
  record Call(String name, List<String> args, Map<String, String> env) {

    static Call parse(String line) {
      String[] parts = line.split(SEP, -1);
      int envAt = Arrays.asList(parts).indexOf("ENV");
      List<String> args = List.of(parts).subList(1, envAt);
      Map<String, String> env = new LinkedHashMap<>();
      for (String kv : List.of(parts).subList(envAt + 1, parts.length)) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
      }
      return new Call(parts[0], args, env);
    }

    void check() {
      switch (name) {
        case "mvn", "./mvnw" -> checkMaven();
        case "bin/launch", "bin/capacity" -> checkLauncher();
        case "bin/echo-server" -> accepted(LoadTestConfig.readServerProcess(properties(args), env).problems());
        case "bin/compare" -> assertTrue(!args.isEmpty() && args.size() <= 3, "bin/compare BASELINE CURRENT, or --percentiles RUN");
        default -> { } // tools around the kit: run as written is all that is asked of them
      }
    }

    private void checkMaven() {
      if (!args.contains("gatling:test")) {
        return; // verify, test, -v: Maven's own
      }
      Properties p = properties(args);
      simulationExists(p.getProperty("gatling.simulationClass"), p.getProperty("simulation"));
      parses(p);
    }

    private void checkLauncher() {
      List<String> options = new ArrayList<>();
      String simulation = null;
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        if (a.startsWith("-D")) {
          continue;
        }
        switch (a) {
          case "--shards" -> assertTrue(args.get(++i).matches("\\d+"), "--shards takes a number");
          case "--simulation" -> simulation = args.get(++i);
          case "--jvm-opt", "--reports", "--heap-mb" -> i++;
          case "--local-servers" -> { }
          default -> options.add(a);
        }
      }
      assertEquals(List.of(), options, "options " + name + " does not take");
      simulationExists(null, simulation);
      Properties p = properties(args);
      parses(p);
      if (name.equals("bin/capacity")) {
        List<String> problems = new ArrayList<>();
        CapacitySettings.read(p, env, problems);
        accepted(problems);
      }
      List<String> problems = new ArrayList<>();
      Tolerances.read(p, env, problems);
      accepted(problems);
    }

    private void parses(Properties p) {
      for (String key : p.stringPropertyNames()) {
        assertTrue(RUN_PROPERTY.matcher(key).matches(), "-D" + key + " is not a setting of the run");
      }
      try {
        LoadTestConfig.parse(p, env);
      } catch (InvalidConfigException e) {
        fail("refused: " + e.getMessage());
      }
    }

    private static void accepted(List<String> problems) {
      assertEquals(List.of(), problems, "refused");
    }

    private static void simulationExists(String className, String shorthand) {
      String c = className != null ? className
          : shorthand == null ? "io.wsloadtest.simulations.ConnectSimulation"
          : shorthand.contains(".") ? shorthand : "io.wsloadtest.simulations." + shorthand + "Simulation";
      if (PLACEHOLDER_CLASS.matcher(c).matches()) {
        return;
      }
      try {
        Class.forName(c, false, ReadmeCommandsTest.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        fail("no simulation " + c);
      }
    }

    private static Properties properties(List<String> args) {
      Properties p = new Properties();
      for (String a : args) {
        if (a.startsWith("-D") && a.indexOf('=') > 2) {
          p.setProperty(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
      }
      return p;
    }
  }
}
