package io.wsloadtest.dsl;

import io.gatling.javaapi.core.Simulation;
import io.wsloadtest.run.LoadRun;
import io.wsloadtest.run.RunRefused;
import io.wsloadtest.run.RunStart;

/**
 * What every ws-loadtest simulation extends: the run (configuration checked, embedded server, plan) starts
 * before the subclass's fields are made, so they can be {@link WsLoad} chains and settings; the run is framed by
 * {@link #before()} and {@link #after()}. A refused run exits with code 3 before any load, its problems on stderr.
 */
public abstract class WsSimulation extends Simulation {

  private final LoadRun run = startOrExit();

  /**
   * Gatling builds the simulation in its own main: exiting here is the only way to refuse a run with its own
   * exit code and message, before Gatling injects anyone.
   */
  private static LoadRun startOrExit() {
    try {
      return RunStart.start();
    } catch (RunRefused e) {
      throw refuse(e);
    }
  }

  @Override
  public void before() {
    try {
      run.begin();
    } catch (RunRefused e) {
      throw refuse(e);
    }
  }

  @Override
  public void after() {
    run.end();
  }

  private static RunRefused refuse(RunRefused e) {
    io.wsloadtest.gatling.RunOutcome.recordRefusal(e.getMessage()); // outcome.json: exit 3, and why
    System.err.println();
    System.err.println(e.getMessage());
    System.err.println();
    System.err.flush();
    System.exit(RunRefused.EXIT_CODE);
    return e;
  }
}
