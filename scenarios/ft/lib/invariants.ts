/**
 * Invariants judged over a scenario's whole history after it ran (architecture.md §5). With the
 * continuous observation (ftScenario) the samples are dense: every reading at a fixed period and
 * on every event, from before the scenario to the end of its settle period; each invariant says in
 * its detail over which window and how many samples it held.
 */
import type { InvariantDef } from '../../../harness/scenario.ts';
import type { HistoryRecord } from '../../../lib/history/records.ts';
import { ftStateOf, type FtSystemSnapshot } from '../../../lib/domains/ft/state.ts';
import { healthStateOf } from '../../../lib/domains/system.ts';
import { eventModule, isMessage } from '../../../lib/domains/ft/messages.ts';

/** The SUT time scale the records were taken at (1 when no clock offset was recorded). */
function timeScaleOf(records: readonly HistoryRecord[]): number {
  for (const r of records) if (r.type === 'clock-offset' && r.timeScale > 0) return r.timeScale;
  return 1;
}

/** "N samples over X s SUT (largest interval Y ms SUT)" for a series of harness times. */
function describeWindow(ts: readonly number[], records: readonly HistoryRecord[]): string {
  const scale = timeScaleOf(records);
  let largest = 0;
  for (let i = 1; i < ts.length; i++) largest = Math.max(largest, (ts[i] as number) - (ts[i - 1] as number));
  const span = ts.length ? (ts[ts.length - 1] as number) - (ts[0] as number) : 0;
  return `${ts.length} samples over ${((span * scale) / 1000).toFixed(1)} s SUT (largest interval ${Math.round(largest * scale)} ms SUT)`;
}

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
    if (off) return `power of ${off.device} was ${off.power} at t=${Math.round(off.t)} ms`;
    return { holds: `On in all ${describeWindow(powers.map((p) => p.t), records)}` };
  },
};

interface FtSample {
  t: number;
  s: FtSystemSnapshot;
}

/** Harness time of the first error-history clear of module `m` (the operator's release of a keep-out), Infinity if none. */
function clearedAt(records: readonly HistoryRecord[], m: number): number {
  const r = records.find((x) => x.type === 'event' && isMessage(x.event, 'ResourceEvent', 'ResourceErrorThresholdCleared') && eventModule(x.event) === m);
  return r ? r.t : Number.POSITIVE_INFINITY;
}

/**
 * From the first sample showing module `m` kept out to the first showing it absent (replaced) or
 * to its error history being cleared (the operator released it), else to the last sample.
 */
function keptOutSpan(samples: readonly FtSample[], records: readonly HistoryRecord[], m: number): { span: FtSample[]; ended: string } | null {
  const from = samples.findIndex((x) => x.s.modules.some((mod) => mod.index === m && mod.keptOut));
  if (from < 0) return null;
  const cleared = clearedAt(records, m);
  const rest = samples.slice(from).filter((x) => x.t < cleared);
  const absent = rest.findIndex((x) => x.s.modules.find((mod) => mod.index === m)?.opState === 'Absent');
  if (absent >= 0) return { span: rest.slice(0, absent), ended: ', until pulled' };
  return { span: rest, ended: Number.isFinite(cleared) ? ', until its error history was cleared' : '' };
}

/**
 * FT-11: a module the BMC keeps out stays out, out of lockstep, until it is pulled (replaced) or
 * an operator clears its error history; it must not come back on its own. Judged over every
 * sample from the keep-out on.
 */
export const keptOutStaysOut: InvariantDef = {
  name: 'a kept-out module stays out until it is replaced',
  requirements: ['FT-11'],
  required: false,
  evaluate(records) {
    const samples: FtSample[] = records.flatMap((r) => {
      const s = r.type === 'sample' ? ftStateOf(r) : null;
      return s ? [{ t: r.t, s }] : [];
    });
    const windows: string[] = [];
    for (const m of [0, 1]) {
      const k = keptOutSpan(samples, records, m);
      if (!k) continue;
      // By the module's own keep-out flag: a snapshot is several reads, so the lockstep set of one
      // taken across the keep-out may still list the module.
      const back = k.span.find((x) => !x.s.modules.find((mod) => mod.index === m)?.keptOut);
      if (back) return `module ${m} left "kept out" without being replaced at t=${Math.round(back.t)} ms: active [${back.s.activeModules.join(',')}], kept out ${String(back.s.modules.find((mod) => mod.index === m)?.keptOut)}`;
      windows.push(`module ${m} kept out in all ${describeWindow(k.span.map((x) => x.t), records)}${k.ended}`);
    }
    return windows.length ? { holds: windows.join('; ') } : { notApplicable: 'no module was kept out' };
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
