package io.wsloadtest.run;

import io.gatling.javaapi.core.Simulation;

/**
 * What every simulation here shares: the validated run (config, embedded server, plan) and its lifecycle.
 * Subclasses only declare their setUp.
 */
public abstract class WsSimulation extends Simulation {

  protected final LoadRun run = startOrExit();

  /**
   * Gatling builds the simulation in its own main: exiting here is the only way to refuse a run with its own
   * exit code and message, before Gatling injects anyone.
   */
  private static LoadRun startOrExit() {
    try {
      return RunStart.start();
    } catch (RunRefused e) {
      io.wsloadtest.gatling.RunOutcome.recordRefusal(e.getMessage()); // outcome.json: exit 3, and why
      System.err.println();
      System.err.println(e.getMessage());
      System.err.println();
      System.err.flush();
      System.exit(RunRefused.EXIT_CODE);
      throw e;
    }
  }

  @Override
  public void before() {
    run.begin();
  }

  @Override
  public void after() {
    run.end();
  }
}
