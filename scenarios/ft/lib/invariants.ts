/** Invariants judged over a scenario's whole history after it ran (architecture.md §5). */
import type { InvariantDef } from '../../../harness/scenario.ts';
import { ftStateOf } from '../../../lib/domains/ft/state.ts';
import { healthStateOf } from '../../../lib/domains/system.ts';

/** FT-01: every state sample of the scenario shows the system powered on (no outage). */
export const systemStaysOn: InvariantDef = {
  name: 'the system stays powered on in every sample',
  requirements: ['FT-01'],
  evaluate(records) {
    const powers = records.flatMap((r) => {
      if (r.type !== 'sample') return [];
      const power = (ftStateOf(r) ?? healthStateOf(r))?.powerState;
      return power === undefined ? [] : [{ t: r.t, device: r.device, power }];
    });
    if (powers.length === 0) return { notApplicable: 'no state sample was taken' };
    const off = powers.find((p) => p.power !== 'On');
    return off ? `power of ${off.device} was ${off.power} at t=${Math.round(off.t)} ms` : true;
  },
};

/**
 * FT-03: every probe reply, across all probes of the scenario, came from one and the same address;
 * a second sender echoing the probe's own datagrams (not counted as answers) breaks it too.
 */
export const oneWorkloadAddress: InvariantDef = {
  name: 'the workload answers from one address throughout',
  requirements: ['FT-03'],
  evaluate(records) {
    const addrs = new Set<string>();
    let probes = 0;
    for (const r of records) {
      if (r.type !== 'probe') continue;
      probes++;
      for (const a of [...r.repliedFrom, ...(r.echoedBy ?? [])]) addrs.add(a);
    }
    if (probes === 0) return { notApplicable: 'no workload probe ran' };
    return addrs.size === 1 ? true : `replies came from ${addrs.size} addresses: ${[...addrs].join(', ') || 'none'}`;
  },
};
