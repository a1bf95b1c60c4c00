/**
 * One step of a plan through the capabilities. Each resolves with what it did (for the record) or
 * throws; the capabilities read every write back, so a resolved step is one the device shows.
 */
import type { VlanControl } from '../../../drivers/capabilities/index.ts';
import { waitForPowerState } from '../../../drivers/redfish/capabilities/power-control.ts';
import type { Clock } from '../../../lib/clock.ts';
import type { Step } from '../plan/types.ts';
import { fence } from './fence.ts';
import { StepFailedError, type ExecutorDeadlines, type ExecutorTargets } from './targets.ts';

export interface StepContext {
  targets: ExecutorTargets;
  deadlines: ExecutorDeadlines;
  clock: Clock;
  signal: AbortSignal;
  /** A `notify` step: the manager's event and log line. */
  notify(severity: 'OK' | 'Warning' | 'Critical', message: string): void;
}

type Op<K extends Step['op']> = (s: Extract<Step, { op: K }>, c: StepContext) => Promise<string>;

/** The initiators the host group must hold: the plan's `initiators` when it gives them (wwpn first), else the wwpn. */
const map: Op<'map'> = async (s, c) => {
  const lun = c.targets.lun(s.array);
  const want = s.initiators;
  const group = (await lun.read(c.signal)).hostGroups.find((g) => g.id === s.hostGroup);
  let how = '';
  if (!group) {
    await lun.createHostGroup(s.hostGroup, want, { signal: c.signal });
    how = `created host group ${s.hostGroup} with ${want.join(', ')}; `;
  } else if (want.some((w) => !group.initiators.includes(w))) {
    const all = [...group.initiators, ...want.filter((w) => !group.initiators.includes(w))];
    await lun.setHostGroupInitiators(s.hostGroup, all, { signal: c.signal });
    how = `host group ${s.hostGroup} now holds ${all.join(', ')}; `;
  }
  const conn = await lun.map({ hostGroup: s.hostGroup, volume: s.volume, lun: s.lun }, { signal: c.signal });
  const shown = conn.luns.find((l) => l.volume === s.volume);
  if (shown?.lun !== s.lun) throw new StepFailedError('map', `${s.array}/${s.volume}`, `the array shows LUN ${shown?.lun ?? 'none'}, expected ${s.lun}`);
  return `${how}${s.volume} is LUN ${s.lun} of ${s.hostGroup}`;
};

/** Make one port's VLANs exactly `untagged` + `tagged`, changing only what differs. */
async function setVlans(ctl: VlanControl, s: Extract<Step, { op: 'vlan' }>, signal: AbortSignal): Promise<string> {
  const port = (await ctl.read(signal)).ports.find((p) => p.port === s.port);
  if (!port) throw new StepFailedError('vlan', `${s.switch}/${s.port}`, 'the switch has no such port');
  const done: string[] = [];
  if (s.untagged !== null && port.untagged !== s.untagged) {
    await ctl.setUntaggedVlan(s.port, s.untagged, { signal });
    done.push(`untagged ${port.untagged ?? 'none'} → ${s.untagged}`);
  }
  for (const v of s.tagged.filter((x) => !port.tagged.includes(x))) {
    await ctl.addTaggedVlan(s.port, v, { signal });
    done.push(`+tagged ${v}`);
  }
  for (const v of port.tagged.filter((x) => !s.tagged.includes(x))) {
    await ctl.removeTaggedVlan(s.port, v, { signal });
    done.push(`-tagged ${v}`);
  }
  return done.length ? done.join(', ') : 'already as wanted';
}

const OPS: { [K in Step['op']]: Op<K> } = {
  fence: (s, c) => fence(s, c.targets, c.deadlines, c.clock, c.signal),
  compose: async (s, c) => {
    const ls = await c.targets.partitions(s.partitionManager).compose(s.id, s.servers, { signal: c.signal });
    return `composed ${ls.id} of ${ls.servers.join('+')}`;
  },
  unmap: async (s, c) => {
    await c.targets.lun(s.array).unmap({ hostGroup: s.hostGroup, volume: s.volume }, { signal: c.signal });
    return `${s.volume} hidden from ${s.hostGroup}`;
  },
  map,
  'zone-remove': async (s, c) => {
    const z = await c.targets.zones(s.fabric).removeMember(s.zone, s.wwpn, { signal: c.signal });
    return `zone ${z.id}: ${z.members.join(', ') || 'no members'}`;
  },
  'zone-add': async (s, c) => {
    const z = await c.targets.zones(s.fabric).addMember(s.zone, s.wwpn, { signal: c.signal });
    return `zone ${z.id}: ${z.members.join(', ')}`;
  },
  'zone-activate': async (s, c) => {
    const v = await c.targets.zones(s.fabric).activate(s.zoneSet, { signal: c.signal });
    return `active zone set ${v.activeZoneSet ?? 'none'}`;
  },
  vlan: (s, c) => setVlans(c.targets.vlan(s.switch), s, c.signal),
  boot: async (s, c) => {
    const power = c.targets.power(s.server);
    await power.request('On', c.signal);
    await waitForPowerState(power, 'On', { budgetMs: c.deadlines.powerMs, action: 'On', clock: c.clock, intervalMs: c.deadlines.pollMs, signal: c.signal });
    return 'powered on';
  },
  notify: async (s, c) => {
    c.notify(s.severity, s.message);
    return s.message;
  },
};

export function runStep(step: Step, c: StepContext): Promise<string> {
  return (OPS[step.op] as (s: Step, c: StepContext) => Promise<string>)(step, c);
}
