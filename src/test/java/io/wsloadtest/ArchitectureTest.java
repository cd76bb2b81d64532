package io.wsloadtest;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the kit (src/main) and of what users edit (src/test). Each rule says why it exists;
 * a failure names the classes and the dependency that break it.
 */
class ArchitectureTest {

  static final String KIT = "io.wsloadtest";
  static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(KIT);
  static final JavaClasses ALL = new ClassFileImporter().importPackages(KIT);

  /** Compiled from src/test/java: scenarios, simulations and the tests. */
  static final DescribedPredicate<JavaClass> TEST_CODE = describe("test code (src/test/java)",
      c -> c.getSource().map(s -> s.getUri().toString().contains("/test-classes/")).orElse(false));

  /** A cycle means neither package can be read, tested or changed without the other. */
  @Test
  void noCyclesBetweenKitPackages() {
    slices().matching(KIT + ".(*)..").should().beFreeOfCycles()
        .check(MAIN);
  }

  /** Configuration is parsed and validated on its own; everything else reads the settings it builds. */
  @Test
  void configDependsOnNothingElseOfTheKit() {
    classes().that().resideInAPackage(KIT + ".config..")
        .should().onlyDependOnClassesThat(resideOutsideOfPackage(KIT + "..").or(resideInAPackage(KIT + ".config..")))
        .check(MAIN);
  }

  /** Parsing is pure: DNS, sockets and files (other than the configuration itself) are preflight's. */
  @Test
  void configMakesNoLookupsBindsOrFileReads() {
    noClasses().that().resideInAPackage(KIT + ".config..")
        .should().dependOnClassesThat().belongToAnyOf(Files.class, FileChannel.class, FileInputStream.class,
            FileOutputStream.class, RandomAccessFile.class, Socket.class, ServerSocket.class, DatagramSocket.class)
        .orShould().callMethod(InetAddress.class, "getAllByName", String.class)
        .orShould().callMethod(InetAddress.class, "getLocalHost")
        .check(MAIN);
  }

  /** Host checks, feeders and trust read the configuration and the host, never the run, the server or Gatling. */
  @Test
  void preflightFeedersAndTlsStayBelowTheRun() {
    noClasses().that().resideInAnyPackage(KIT + ".preflight..", KIT + ".feeders..", KIT + ".tls..")
        .should().dependOnClassesThat().resideInAnyPackage(KIT + ".run..", KIT + ".ws..", KIT + ".shards..",
            KIT + ".server..", KIT + ".metrics..", "io.gatling..")
        .check(MAIN);
  }

  /** The echo server runs as its own process, without Gatling on its class path. */
  @Test
  void serverDoesNotDependOnGatling() {
    noClasses().that().resideInAPackage(KIT + ".server..")
        .should().dependOnClassesThat().resideInAnyPackage("io.gatling..")
        .check(MAIN);
  }

  /**
   * The protocol codecs are Netty and Jackson only: the same classes serve a Gatling scenario, a probe client and a
   * server, so they know nothing of Gatling, the run, the WebSocket actions or the DSL that use them.
   */
  @Test
  void protocolCodecsStandAlone() {
    noClasses().that().resideInAPackage(KIT + ".protocol..")
        .should().dependOnClassesThat().resideInAnyPackage("io.gatling..", KIT + ".run..", KIT + ".ws..",
            KIT + ".dsl..", KIT + ".gatling..", KIT + ".config..", KIT + ".scenarios..", KIT + ".simulations..")
        .check(MAIN);
  }

  /**
   * Gatling's internals (anything beyond its public Java DSL) change between versions: one package holds every
   * use of them, so a Gatling upgrade is checked in one place.
   */
  @Test
  void gatlingInternalsOnlyInTheGatlingPackage() {
    noClasses().that().resideInAPackage(KIT + "..").and().resideOutsideOfPackage(KIT + ".gatling..")
        .should().dependOnClassesThat(resideInAPackage("io.gatling..").and(resideOutsideOfPackage("io.gatling.javaapi..")))
        .check(MAIN);
  }

  /** The kit is usable and packaged on its own: nothing in src/main reaches into src/test. */
  @Test
  void kitNeverDependsOnTestCode() {
    noClasses().that(describe("the kit (src/main/java)", (JavaClass c) -> !TEST_CODE.test(c)))
        .and().resideInAPackage(KIT + "..")
        .should().dependOnClassesThat(TEST_CODE)
        .check(ALL);
  }

  /** Scenarios are chains that simulations compose; a scenario reaching back into a simulation inverts that. */
  @Test
  void scenariosDoNotImportSimulations() {
    noClasses().that().resideInAPackage(KIT + ".scenarios..")
        .should().dependOnClassesThat().resideInAPackage(KIT + ".simulations..")
        .check(ALL);
  }

  /** Guards the rules above against importing nothing (a wrong package name would make them all pass). */
  @Test
  void theImportSeesTheKitAndTheScenarios() {
    classes().that().resideInAnyPackage(KIT + ".config..", KIT + ".run..", KIT + ".server..")
        .should().resideInAnyPackage(KIT + "..").check(MAIN);
    org.junit.jupiter.api.Assertions.assertTrue(MAIN.size() > 50, "kit classes imported: " + MAIN.size());
    org.junit.jupiter.api.Assertions.assertTrue(ALL.stream().anyMatch(c -> c.getPackageName().equals(KIT + ".scenarios")),
        "scenario classes imported");
    org.junit.jupiter.api.Assertions.assertTrue(MAIN.stream().noneMatch(TEST_CODE::test), "main import holds no test code");
  }
}
