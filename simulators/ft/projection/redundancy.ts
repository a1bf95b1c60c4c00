/** The System's lockstep Redundancy entry: both modules in the set, the active ones in lockstep. */
import type { JsonObject } from '../../redfish/index.ts';
import { MODULES, type ModuleIndex } from '../types.ts';
import { SYSTEM, moduleUri } from '../uris.ts';
import { ref } from './common.ts';

export function lockstepRedundancy(active: readonly ModuleIndex[]): JsonObject {
  return {
    '@odata.id': `${SYSTEM}#/Redundancy/0`,
    MemberId: '0',
    Name: 'CPU/IO module lockstep',
    Mode: 'N+m',
    RedundancyEnabled: true,
    MaxNumSupported: 2,
    MinNumNeeded: 1,
    MinNumNeededForFaultTolerance: 2,
    RedundancySet: MODULES.map((m) => ref(moduleUri(m))),
    ActiveRedundancySet: active.map((m) => ref(moduleUri(m))),
    Status: { State: active.length ? 'Enabled' : 'Disabled', Health: active.length === 2 ? 'OK' : active.length ? 'Warning' : 'Critical' },
  };
}
