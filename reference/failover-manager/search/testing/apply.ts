/**
 * Test helper: a plan's steps applied to the reads as the lab would carry them out (no timing),
 * so a test can rebuild the table afterwards and judge the outcome, not only the step list.
 */
import type { Step } from '../../plan/types.ts';
import type { TableReads } from '../../table/reads.ts';
import { serverRead } from './lab.ts';

export function applySteps(r: TableReads, steps: readonly Step[]): void {
  for (const s of steps) applyStep(r, s);
}

function membersOf(r: TableReads, id: string): string[] {
  return serverRead(r, id).partition?.members ?? [id];
}

function mapping(r: TableReads, array: string): TableReads['arrays'][number]['mapping'] {
  const a = r.arrays.find((x) => x.mapping.array === array);
  if (!a) throw new Error(`no array ${array}`);
  return a.mapping;
}

function applyStep(r: TableReads, s: Step): void {
  switch (s.op) {
    case 'fence':
    case 'boot':
      for (const m of membersOf(r, s.server)) serverRead(r, m).powerState = s.op === 'fence' ? 'Off' : 'On';
      return;
    case 'compose':
      for (const m of s.servers) Object.assign(serverRead(r, m), { partition: { id: s.id, members: [...s.servers], bootMember: s.servers[0] ?? null }, memoryGiB: (serverRead(r, m).memoryGiB ?? 0) * s.servers.length });
      return;
    case 'unmap':
      for (const c of mapping(r, s.array).connections) if (c.hostGroup === s.hostGroup) c.luns = c.luns.filter((l) => l.volume !== s.volume);
      return;
    case 'map':
      return applyMap(mapping(r, s.array), s);
    case 'zone-remove':
    case 'zone-add':
      for (const z of r.fabrics.find((f) => f.fabric === s.fabric)?.zones.filter((x) => x.id === s.zone) ?? []) {
        z.members = s.op === 'zone-add' ? [...z.members, s.wwpn].sort() : z.members.filter((w) => w !== s.wwpn);
      }
      return;
    case 'vlan':
      for (const p of r.switches.find((x) => x.switch === s.switch)?.ports.filter((x) => x.port === s.port) ?? []) Object.assign(p, { untagged: s.untagged, tagged: [...s.tagged] });
      return;
    case 'zone-activate':
    case 'notify':
      return;
  }
}

function applyMap(m: TableReads['arrays'][number]['mapping'], s: Extract<Step, { op: 'map' }>): void {
  let g = m.hostGroups.find((x) => x.id === s.hostGroup);
  if (!g) {
    g = { id: s.hostGroup, uri: `/g/${s.hostGroup}`, initiators: [], etag: null };
    m.hostGroups.push(g);
  }
  g.initiators = [...new Set([...g.initiators, ...s.initiators])];
  let c = m.connections.find((x) => x.hostGroup === s.hostGroup);
  if (!c) {
    c = { id: `c-${s.hostGroup}`, uri: `/c/${s.hostGroup}`, hostGroup: s.hostGroup, luns: [], etag: null };
    m.connections.push(c);
  }
  c.luns.push({ volume: s.volume, lun: s.lun });
}
