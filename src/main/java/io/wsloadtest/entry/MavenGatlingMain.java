package io.wsloadtest.entry;

import io.wsloadtest.compare.Baseline;
import io.wsloadtest.gatling.GatlingMain;

/**
 * The main of the Gatling JVM that {@code mvn gatling:test} forks (the kit's Maven agent answers the plugin's
 * io.gatling.app.Gatling with this class): runs Gatling exactly as its main would, with the same arguments; with
 * {@code -Dwsload.baseline=DIR} a run that passed but is worse than DIR exits 2, as after bin/launch; the exit code
 * and its meaning go to outcome.json.
 */
public final class MavenGatlingMain {

  private MavenGatlingMain() {}

  public static void main(String[] args) {
    Thread.currentThread().setContextClassLoader(ClassLoader.getSystemClassLoader());
    System.out.flush();
    System.exit(GatlingMain.runAndRecordOutcome(args,
        (runDir, status) -> Baseline.judge(runDir, status, System.getProperties(), System.getenv())));
  }
}
