/**
 * `#ClusterLabFaultInjection.StopAnswering {DurationSeconds?}`: the BMC stops answering (Redfish
 * and IPMI drop everything at the socket, bmc-gate.ts) — for DurationSeconds of lab time, or until
 * repaired from the ground-truth control side (POST /control/servers/{id}/bmc), since the BMC
 * itself can no longer be asked. The server keeps running.
 */
import type { Timer } from '../../../lib/clock.ts';
import type { RedfishService } from '../../redfish/index.ts';
import type { ClusterModel } from '../model/cluster.ts';

/** Longest timed outage (a day of lab time); longer ones are repaired by hand. */
const MAX_SECONDS = 86_400;

/** On `uri`, the server's FaultInjection resource. */
export function mountStopAnswering(svc: RedfishService, model: ClusterModel, id: string, uri: string): void {
  let repair: Timer | null = null;
  model.bus.on((e) => {
    if (e.type === 'BmcAnswering' && e.server === id && e.answering) {
      repair?.cancel();
      repair = null;
    }
  });
  svc.action(uri, '#ClusterLabFaultInjection.StopAnswering', {
    parameters: { DurationSeconds: { type: 'number', min: 0.001, max: MAX_SECONDS } },
    handler: async (p) => {
      const seconds = p.DurationSeconds;
      model.setBmcAnswering(id, false);
      repair?.cancel();
      repair = null;
      if (typeof seconds === 'number') repair = model.clock.setTimer(seconds * 1000, () => model.setBmcAnswering(id, true));
      return undefined;
    },
  });
}
