package io.wsloadtest.run;

import io.gatling.javaapi.core.Simulation;

/**
 * What every simulation here shares: the validated run (config, embedded server, plan) and its lifecycle.
 * Subclasses only declare their setUp.
 */
public abstract class WsSimulation extends Simulation {

  protected final LoadRun run = LoadRun.prepare();

  @Override
  public void before() {
    run.begin();
  }

  @Override
  public void after() {
    run.end();
  }
}
