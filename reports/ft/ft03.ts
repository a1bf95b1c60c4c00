/**
 * FT-03 "one OS image, one server on the network": the workload keeps one address through every
 * fault. Evidence is the probe records: each probe that got replies saw exactly one source
 * address, and every probe of a device saw the same one over the whole run. Checked per device,
 * since a lab with two ft servers has two workloads. Datagrams the probe refused as answers
 * (foreign traffic: another sender, another nonce, a repeat) do not decide the verdict — anyone on
 * the network can send them — but their senders are named in the detail.
 */
import type { Ft03Summary } from './types.ts';
import type { ScenarioSummary } from '../summary-types.ts';

/** `serverOf` names the server a testcase's workload ran on (default: its device; per shard in a merge of embedded labs). */
export function checkFt03(scenarios: readonly ScenarioSummary[], serverOf: (s: ScenarioSummary) => string = (s) => s.device): Ft03Summary {
  const byDevice = new Map<string, { addresses: Set<string>; probes: number; without: number; multi: string[] }>();
  const foreign: string[] = [];
  for (const s of scenarios) {
    for (const p of s.probes) {
      const d = byDevice.get(serverOf(s)) ?? { addresses: new Set<string>(), probes: 0, without: 0, multi: [] };
      byDevice.set(serverOf(s), d);
      if (p.foreign) foreign.push(`${s.key} probe ${p.probe}: ${p.foreign} from ${p.foreignFrom?.join(', ') || 'unknown senders'}`);
      if (p.received === 0 || p.repliedFrom.length === 0) {
        d.without++;
        continue;
      }
      d.probes++;
      for (const a of p.repliedFrom) d.addresses.add(a);
      if (p.repliedFrom.length !== 1) d.multi.push(`${s.key} probe ${p.probe}: ${p.repliedFrom.join(', ')}`);
    }
  }
  const devices = [...byDevice.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([device, d]) => ({
      device,
      addresses: [...d.addresses].sort(),
      probes: d.probes,
      probesWithoutReplies: d.without,
      ok: d.multi.length === 0 && d.addresses.size <= 1,
    }));
  const evaluated = devices.some((d) => d.probes > 0);
  if (!evaluated) {
    return {
      verdict: 'no-scenario',
      evaluated: false,
      devices,
      detail: devices.length === 0 ? 'no workload probe ran' : 'no probe received a reply',
    };
  }
  const bad = devices.filter((d) => !d.ok);
  const problems = [...byDevice.values()].flatMap((d) => d.multi);
  if (bad.length > 0) {
    return {
      verdict: 'failed',
      evaluated: true,
      devices,
      detail: `workload answered from more than one address: ${bad
        .map((d) => `${d.device}: ${d.addresses.join(', ')}`)
        .join('; ')}${problems.length ? ` (${problems.join('; ')})` : ''}${foreignDetail(foreign)}`,
    };
  }
  return {
    verdict: 'passed',
    evaluated: true,
    devices,
    detail: devices
      .filter((d) => d.probes > 0)
      .map((d) => `${d.device}: every reply of ${d.probes} probe(s) came from ${d.addresses[0]}`)
      .join('; ') + foreignDetail(foreign),
  };
}

function foreignDetail(foreign: readonly string[]): string {
  return foreign.length ? `; foreign datagrams at the probe, not counted as replies: ${foreign.join('; ')}` : '';
}
