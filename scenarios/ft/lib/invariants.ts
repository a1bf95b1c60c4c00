/** Invariants judged over a scenario's whole history after it ran (architecture.md §5). */
import type { InvariantDef } from '../../../harness/scenario.ts';

/** FT-01: every state sample of the scenario shows the system powered on (no outage). */
export const systemStaysOn: InvariantDef = {
  name: 'the system stays powered on in every sample',
  requirements: ['FT-01'],
  evaluate(records) {
    const samples = records.filter((r) => r.type === 'sample');
    if (samples.length === 0) return { notApplicable: 'no state sample was taken' };
    const off = samples.find((r) => r.type === 'sample' && r.system.powerState !== 'On');
    return off && off.type === 'sample' ? `power was ${off.system.powerState} at t=${Math.round(off.t)} ms` : true;
  },
};

/** FT-03: every probe reply, across all probes of the scenario, came from one and the same address. */
export const oneWorkloadAddress: InvariantDef = {
  name: 'the workload answers from one address throughout',
  requirements: ['FT-03'],
  evaluate(records) {
    const addrs = new Set<string>();
    let probes = 0;
    for (const r of records) {
      if (r.type !== 'probe') continue;
      probes++;
      for (const a of r.repliedFrom) addrs.add(a);
    }
    if (probes === 0) return { notApplicable: 'no workload probe ran' };
    return addrs.size === 1 ? true : `replies came from ${addrs.size} addresses: ${[...addrs].join(', ') || 'none'}`;
  },
};
