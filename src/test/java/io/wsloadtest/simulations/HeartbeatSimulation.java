package io.wsloadtest.simulations;

import io.gatling.javaapi.core.Simulation;
import io.wsloadtest.scenarios.HeartbeatScenario;
import io.wsloadtest.ws.DropTable;

/** Hold every connection with a heartbeat each interval; dead links are counted and reconnected. */
public class HeartbeatSimulation extends Simulation {

  LoadRun run = LoadRun.prepare();

  {
    setUp(HeartbeatScenario.heartbeat(run).injectOpen(run.injection()).protocols(run.protocol()))
        .assertions(run.assertions())
        .maxDuration(run.maxDuration());
  }

  @Override
  public void before() {
    run.begin();
  }

  @Override
  public void after() {
    run.end();
    System.out.print(DropTable.live()); // the same counts are in the report: request "drop", by error message
  }
}
