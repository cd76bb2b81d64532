package io.wsloadtest.simulations;

import io.wsloadtest.run.WsSimulation;
import io.wsloadtest.scenarios.HeartbeatScenario;
import io.wsloadtest.ws.DropTable;

/** Hold every connection with a heartbeat each interval; dead links are counted and reconnected. */
public class HeartbeatSimulation extends WsSimulation {

  {
    setUp(run.users(HeartbeatScenario.heartbeat(run.steps())))
        .assertions(run.assertions())
        .maxDuration(run.maxDuration());
  }

  @Override
  public void after() {
    super.after();
    System.out.print(DropTable.live()); // the same counts are in the report: request "drop", by error message
  }
}
