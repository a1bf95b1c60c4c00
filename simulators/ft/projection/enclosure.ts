/** The Enclosure chassis: contains both modules; its health rolls up theirs (the worst of them). */
import { MODULES } from '../types.ts';
import { ENCLOSURE, MANAGER, SYSTEM, moduleUri } from '../uris.ts';
import { worstHealth } from '../../../lib/domains/system.ts';
import { moduleStatus, ref, type ProjectionContext } from './common.ts';

export function mountEnclosure({ svc, model }: ProjectionContext): void {
  const p = model.profile;
  svc.resource(ENCLOSURE, {
    type: '#Chassis.v1_25_0.Chassis',
    get: () => {
      const rollup = worstHealth(MODULES.map((m) => moduleStatus(model.module(m)).Health));
      return {
        Id: 'Enclosure',
        Name: 'ft server enclosure',
        ChassisType: 'RackMount',
        Manufacturer: p.system.manufacturer,
        Model: p.system.model,
        PowerState: model.powerState === 'On' ? 'On' : 'Off',
        Status: { State: 'Enabled', Health: 'OK', HealthRollup: rollup },
        Sensors: ref(`${ENCLOSURE}/Sensors`),
        Links: { Contains: MODULES.map((m) => ref(moduleUri(m))), ComputerSystems: [ref(SYSTEM)], ManagedBy: [ref(MANAGER)] },
      };
    },
  });
}
