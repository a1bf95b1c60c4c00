/** PATCH of a Module chassis: the locator LED, the fault policy and the error-counter limits. */
import type { JsonObject } from '../../redfish/index.ts';
import type { FtModel } from '../model.ts';
import { FAULT_POLICIES, SUBSYSTEMS, type ModuleIndex } from '../types.ts';

export const MODULE_PATCH = {
  LocationIndicatorActive: { type: 'boolean' as const },
  Oem: {
    type: 'object' as const,
    properties: {
      FtLab: {
        type: 'object' as const,
        properties: {
          FaultPolicy: { type: 'string' as const, enum: FAULT_POLICIES },
          ErrorCounters: {
            type: 'object' as const,
            properties: Object.fromEntries(
              SUBSYSTEMS.map((s) => [
                s,
                {
                  type: 'object' as const,
                  properties: { WindowSeconds: { type: 'number' as const, min: 1 }, Threshold: { type: 'integer' as const, min: 0 } },
                },
              ]),
            ),
          },
        },
      },
    },
  },
};

function objectAt(o: unknown, key: string): JsonObject {
  const v = o !== null && typeof o === 'object' ? (o as JsonObject)[key] : undefined;
  return v !== null && typeof v === 'object' ? (v as JsonObject) : {};
}

function numberAt(o: JsonObject, key: string): number | undefined {
  const v = o[key];
  return typeof v === 'number' ? v : undefined;
}

export function applyModulePatch(model: FtModel, m: ModuleIndex, changes: JsonObject): void {
  if (typeof changes.LocationIndicatorActive === 'boolean') model.setLed(m, changes.LocationIndicatorActive);
  const ftLab = objectAt(objectAt(changes, 'Oem'), 'FtLab');
  const policy = FAULT_POLICIES.find((x) => x === ftLab.FaultPolicy);
  if (policy) model.setFaultPolicy(m, policy);
  const counters = objectAt(ftLab, 'ErrorCounters');
  for (const s of SUBSYSTEMS) {
    const raw = counters[s];
    if (raw === null || typeof raw !== 'object') continue;
    const c = objectAt(counters, s);
    model.setErrorLimits(m, s, { threshold: numberAt(c, 'Threshold'), windowSeconds: numberAt(c, 'WindowSeconds') });
  }
}
