package io.wsloadtest.catalog;

import io.gatling.javaapi.core.Simulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The simulations a build holds, found by what they are (concrete Simulation subclasses among the compiled
 * classes) rather than where they live, so a new one in any package runs without a pom edit. Maven calls
 * {@link #main} right after compiling the tests: an unknown class stops the build there, listing the known
 * ones, before a Gatling JVM starts.
 */
public final class SimulationCatalog {

  /** Where the -Dsimulation shorthand looks: -Dsimulation=Echo is this package's EchoSimulation. */
  public static final String SHORTHAND_PACKAGE = "io.wsloadtest.simulations";
  /** Test fixtures: simulations that misbehave on purpose, run by tests by class name, never offered to users. */
  static final String FIXTURES_PACKAGE = "io.wsloadtest.fixtures";

  private SimulationCatalog() {}

  /** args: the class Gatling will run (gatling.simulationClass), the -Dsimulation shorthand, class folders. */
  public static void main(String[] args) {
    if (args.length < 3) {
      throw new IllegalArgumentException("usage: SimulationCatalog CLASS SHORTHAND CLASS_FOLDER...");
    }
    List<Path> folders = Stream.of(args).skip(2).map(Path::of).toList();
    String problem = check(args[0], args[1], find(folders, SimulationCatalog.class.getClassLoader()));
    if (problem != null) {
      // exec:java turns this into a failed build with the message; System.exit would end Maven itself.
      throw new IllegalArgumentException(problem);
    }
  }

  /** The message refusing {@code chosen}, or null when it is one of {@code known}. */
  static String check(String chosen, String shorthand, List<String> known) {
    if (known.contains(chosen)) {
      return null;
    }
    String list = known.stream().filter(name -> !name.startsWith(FIXTURES_PACKAGE + "."))
        .map(SimulationCatalog::describe).collect(Collectors.joining("\n  "));
    String what = chosen.equals(shortClassName(shorthand))
        ? "Unknown simulation '" + shorthand + "' (" + chosen + ")"
        : "Unknown simulation class '" + chosen + "'";
    return what + ": not a Simulation in src/test/java. Run one of these with -Dgatling.simulationClass=CLASS"
        + " (or -Dsimulation=NAME for " + SHORTHAND_PACKAGE + ".NAMESimulation):\n  " + list;
  }

  /** -Dsimulation=Echo means io.wsloadtest.simulations.EchoSimulation. */
  static String shortClassName(String shorthand) {
    return SHORTHAND_PACKAGE + "." + shorthand + "Simulation";
  }

  private static String describe(String className) {
    String prefix = SHORTHAND_PACKAGE + ".";
    if (className.startsWith(prefix) && className.endsWith("Simulation") && className.indexOf('.', prefix.length()) < 0) {
      String name = className.substring(prefix.length(), className.length() - "Simulation".length());
      return className + "  (-Dsimulation=" + name + ")";
    }
    return className;
  }

  /** Concrete public Simulation classes under the folders, sorted by name; loaded without initialising them. */
  static List<String> find(List<Path> classFolders, ClassLoader loader) {
    return classFolders.stream()
        .filter(Files::isDirectory)
        .flatMap(folder -> classNames(folder).stream())
        .filter(name -> isSimulation(name, loader))
        .distinct()
        .sorted()
        .toList();
  }

  private static List<String> classNames(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .map(f -> folder.relativize(f).toString())
          .filter(f -> f.endsWith(".class") && !f.contains("$"))
          .map(f -> f.substring(0, f.length() - ".class".length()).replace(java.io.File.separatorChar, '.'))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isSimulation(String name, ClassLoader loader) {
    try {
      Class<?> c = Class.forName(name, false, loader);
      return Simulation.class.isAssignableFrom(c) && Modifier.isPublic(c.getModifiers())
          && !Modifier.isAbstract(c.getModifiers());
    } catch (ClassNotFoundException | LinkageError e) {
      return false; // not loadable here: Gatling could not run it either
    }
  }
}
