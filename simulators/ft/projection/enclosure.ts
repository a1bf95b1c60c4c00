/** The Enclosure chassis: contains both modules; its health rolls up theirs. */
import { MODULES } from '../types.ts';
import { ENCLOSURE, MANAGER, SYSTEM, moduleUri } from '../uris.ts';
import { moduleStatus, ref, type ProjectionContext } from './common.ts';

export function mountEnclosure({ svc, model }: ProjectionContext): void {
  const p = model.profile;
  svc.resource(ENCLOSURE, {
    type: '#Chassis.v1_25_0.Chassis',
    get: () => {
      const rollup = MODULES.map((m) => moduleStatus(model.module(m)).Health).find((h) => h && h !== 'OK') ?? 'OK';
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
