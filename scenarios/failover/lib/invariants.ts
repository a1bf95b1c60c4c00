/**
 * FO invariants judged over a testcase's history (the cluster sampler's samples and the devices'
 * events), pure. Each says over which samples it held and, where two changes fell between the
 * same two samples, that it judged their order by the devices' own event timestamps.
 */
import type { InvariantDef, InvariantResult } from '../../../harness/scenario.ts';
import { describeWindow, eventFor, holdersOf, isOff, isOn, powerChanges, series, serverOfWwpn, type ChangeWindow, type Sampled } from '../../../lib/domains/failover/series.ts';
import type { MaskingSample, VolumeMasking } from '../../../lib/domains/failover/samples.ts';
import type { HistoryRecord } from '../../../lib/history/records.ts';
import { failovers, noFailover, type Failover } from './moves.ts';
import { order } from './order.ts';

const powered = (on: boolean) => (e: { messageId: string }) => e.messageId.endsWith(on ? '.ResourcePoweredOn' : '.ResourcePoweredOff');

/**
 * One failover: the failed server Off before the standby's last power-on (and on what basis), and
 * Off in every sample after it — unless it is itself the standby of another move (a preempted
 * server whose business was moved away first, FO-10).
 */
function offBeforeOn(records: readonly HistoryRecord[], f: Failover, reused: boolean): { bad: string } | { basis: string } {
  const off = powerChanges(records, f.failed, isOff)[0];
  const on = powerChanges(records, f.standby, isOn).at(-1);
  if (!off) return { bad: `${f.failed} (failed; ${f.volume} moved to ${f.standby}) is in no sample seen powering off` };
  if (!on) return { basis: `${f.standby} did not power on` };
  const o = order(records, { what: `${f.failed} off`, window: off, event: eventFor(records, off, powered(false)) }, { what: `${f.standby} on`, window: on, event: eventFor(records, on, powered(true)) });
  if ('undecided' in o) return { bad: o.undecided };
  if (!o.first) return { bad: `${f.standby} powered on before ${f.failed} was off (${o.basis})` };
  const back = reused ? undefined : series(records, 'SystemHealth', f.failed).find((s) => s.readStart > on.to && !isOff(s.state.powerState));
  return back ? { bad: `${f.failed} is ${back.state.powerState} again at t=${Math.round(back.t)} ms while ${f.standby} runs` } : { basis: o.basis };
}

/** FO-03: the failed server is off before the standby powers on, and stays off. */
export const failedOffBeforeStandbyOn: InvariantDef = {
  name: 'the failed server is off before the standby powers on',
  requirements: ['FO-03'],
  evaluate(records) {
    const fs = failovers(records);
    if (fs.length === 0) return noFailover;
    const bases: string[] = [];
    for (const f of fs) {
      const r = offBeforeOn(records, f, fs.some((g) => g.standby === f.failed));
      if ('bad' in r) return r.bad;
      bases.push(`${f.failed} → ${f.standby}: ${r.basis}`);
    }
    return { holds: `${bases.join('; ')}; over ${describeWindow(series(records, 'SystemHealth').map((s) => s.t), records)}` };
  },
};

/**
 * A host group whose initiators went from one server's to another's between two samples: one
 * change (the array's one event for it) holds; several, or none reported, cannot show it never held both.
 */
function rewritten(records: readonly HistoryRecord[], w: ChangeWindow, volume: string, group: string, what: string): InvariantResult {
  const changes = records.filter((r) => r.type === 'event' && r.device === w.device && r.t > w.from && r.t <= w.to && r.event.originOfCondition?.endsWith(`/EndpointGroups/${group}`) === true);
  if (changes.length === 1) return { holds: `${volume}: host group ${group} rewritten from ${what} in one change (${w.device}'s event)` };
  return `${volume}: host group ${group} went from ${what} in ${changes.length || 'unreported'} changes between two samples of ${w.device}; that it never held both cannot be shown`;
}

/** Why two holders of `volume` between `prev` and `cur` of one array were never both mapped, or what was wrong. */
function handOver(records: readonly HistoryRecord[], prev: Sampled<MaskingSample>, cur: Sampled<MaskingSample>, v0: VolumeMasking, v1: VolumeMasking, owner: ReadonlyMap<string, string>): InvariantResult {
  const from = holdersOf(v0, owner).join();
  const to = holdersOf(v1, owner).join();
  const a = v0.paths[0];
  const b = v1.paths[0];
  if (!a || !b) return true;
  const window = { device: cur.device, from: prev.readStart, to: cur.t };
  if (a.hostGroup === b.hostGroup && a.connection === b.connection) return rewritten(records, window, v0.volume, a.hostGroup, `${from} to ${to}`);
  const about = (id: string) => (e: { originOfCondition: string | null }) => e.originOfCondition?.endsWith(`/Connections/${id}`) === true;
  const o = order(records, { what: `${v0.volume} unmapped from ${from}`, window, event: eventFor(records, window, about(a.connection)) }, { what: `${v0.volume} mapped to ${to}`, window, event: eventFor(records, window, about(b.connection)) });
  if ('undecided' in o) return `${v0.volume} moved from ${from} to ${to} between two samples of ${cur.device} (t=${Math.round(prev.readStart)}…${Math.round(cur.t)} ms) and the order cannot be shown: ${o.undecided}`;
  return o.first ? { holds: `${v0.volume} ${from} → ${to}: ${o.basis}` } : `${v0.volume} was mapped to ${to} before it was unmapped from ${from} (${o.basis})`;
}

/** Every boot volume in one array sample held by at most one server, and each hand-over between two samples ordered unmap first. */
function judgeArray(records: readonly HistoryRecord[], ss: ReadonlyArray<Sampled<MaskingSample>>, owner: ReadonlyMap<string, string>, bases: string[]): string | null {
  for (let i = 0; i < ss.length; i++) {
    const cur = ss[i] as Sampled<MaskingSample>;
    for (const v of cur.state.volumes.filter((x) => x.bootCapable)) {
      const holders = holdersOf(v, owner);
      if (holders.length > 1) return `${v.volume} on ${cur.device} is mapped to ${holders.join(' and ')} at t=${Math.round(cur.t)} ms (WWPNs ${v.paths.map((p) => p.initiator).join(', ')})`;
      const reach = [...new Set((v.reachableFrom ?? []).map((w) => owner.get(w) ?? w))].sort();
      if (reach.length > 1) return `${v.volume} on ${cur.device} is reachable from ${reach.join(' and ')} at t=${Math.round(cur.t)} ms by the array's own account (masking: ${holders.join(', ') || 'none'})`;
      const prev = ss[i - 1];
      const v0 = prev?.state.volumes.find((x) => x.volume === v.volume);
      if (!prev || !v0 || holdersOf(v0, owner).length !== 1 || holders.length !== 1 || holdersOf(v0, owner)[0] === holders[0]) continue;
      const r = handOver(records, prev, cur, v0, v, owner);
      if (typeof r === 'string') return r;
      if (typeof r === 'object' && 'holds' in r) bases.push(r.holds);
    }
  }
  return null;
}

/** FO-06: at every instant each boot volume is mapped to at most one server's WWPNs; a move is unmap, then map. */
export const bootVolumeNeverShared: InvariantDef = {
  name: 'each boot volume is mapped to at most one server at every instant',
  requirements: ['FO-06'],
  evaluate(records) {
    const all = series(records, 'LunMapping');
    if (all.length === 0) return { notApplicable: 'no masking sample was taken' };
    const owner = serverOfWwpn(records);
    const bases: string[] = [];
    for (const array of new Set(all.map((s) => s.device))) {
      const bad = judgeArray(records, all.filter((s) => s.device === array), owner, bases);
      if (bad) return bad;
    }
    return { holds: `${bases.length ? `${bases.join('; ')}; ` : ''}over ${describeWindow(all.map((s) => s.t), records)}` };
  },
};

/** FO-06: after the move the volume is mapped to the standby only, at the LUN numbers it had for the failed server. */
export const sameLunNumbers: InvariantDef = {
  name: 'a moved boot volume keeps its LUN numbers',
  requirements: ['FO-06'],
  evaluate(records) {
    const fs = failovers(records);
    if (fs.length === 0) return noFailover;
    for (const f of fs) {
      const before = (f.lunsBefore[f.failed] ?? []).join(',');
      const after = (f.lunsAfter[f.standby] ?? []).join(',');
      if (before !== after) return `${f.volume} was LUN ${before} for ${f.failed} and is LUN ${after} for ${f.standby}`;
    }
    return { holds: fs.map((f) => `${f.volume} LUN ${(f.lunsAfter[f.standby] ?? []).join(',')} for ${f.failed} and ${f.standby}`).join('; ') };
  },
};
