/** The executor's targets over the lab's devices: capabilities by the names the plan uses. */
import type { ExecutorTargets } from '../executor/targets.ts';
import { unknownTarget } from '../executor/targets.ts';
import type { LabDevices } from './devices.ts';
import type { Lab } from './lab-file.ts';

function pick<T>(m: Map<string, T>, what: string, name: string): T {
  const v = m.get(name);
  if (v === undefined) throw unknownTarget(what, name, m.keys());
  return v;
}

export function labTargets(lab: Lab, d: LabDevices, dumping: (server: string) => boolean): ExecutorTargets {
  // A fabric may be named by its fabric name (A) or by its FC switch (fcA).
  const bySwitch = new Map(Object.entries(lab.cluster.fabrics).map(([f, sw]) => [sw, f]));
  return {
    power: (s) => pick(d.servers, 'server', s).power,
    vlan: (s) => pick(d.switches, 'Ethernet switch', s),
    zones: (f) => pick(d.fabrics, 'FC fabric', bySwitch.get(f) ?? f),
    lun: (a) => pick(d.arrays, 'disk array', a).lun,
    partitions: (m) => {
      if (!d.partitionManager || d.partitionManager.name !== m) throw unknownTarget('partition manager', m, d.partitionManager ? [d.partitionManager.name] : []);
      return d.partitionManager.control;
    },
    dumping,
  };
}
