/**
 * The plans judged by their outcome: applied to the default cluster's reads, the rebuilt table
 * shows the business on the standby with the same volumes and LUN numbers, the failed server's
 * zones and VLANs, the failed server off and unzoned — and every other server exactly as before.
 * The same judgement finds each plan defect that changes the outcome (it can fail).
 */
import test from 'ava';
import { isDeepStrictEqual } from 'node:util';
import type { FailoverConfig } from '../config/types.ts';
import { type DefectName, NO_DEFECTS } from '../defects.ts';
import type { ManagedServer } from '../plan/types.ts';
import { buildTable } from '../table/build.ts';
import type { TableReads } from '../table/reads.ts';
import { defaultClusterReads } from '../table/testing/default-reads.ts';
import { decide } from './decide.ts';
import { applySteps } from './testing/apply.ts';
import { DEFAULT_CONFIG, fail, powerOn, withBusiness } from './testing/lab.ts';

const WEB_ON_PX4 = withBusiness(withBusiness(DEFAULT_CONFIG, 'crm', { policy: null }), 'web', { policy: { minCpuFrequencyMHz: 2000, minMemoryGiB: 256, cpuModels: ['Xeon Platinum 8380H'], allowChipsetMismatch: true, allowPartitionMismatch: false } });

interface Case {
  title: string;
  failed: string;
  config: FailoverConfig;
  prepare?: (r: TableReads) => void;
  /** Business → the servers that run it afterwards. */
  moved: Record<string, string[]>;
  /** Businesses whose standby is chosen by their search policy (other hardware). */
  byPolicy?: string[];
}

const CASES: Case[] = [
  { title: 'FO-05 exact spare', failed: 'srv01', config: DEFAULT_CONFIG, moved: { crm: ['srv08'] } },
  { title: 'FO-08 composed partition', failed: 'srv04', config: DEFAULT_CONFIG, moved: { erp: ['srv09', 'srv10'] } },
  { title: 'FO-09 policy', failed: 'srv01', config: DEFAULT_CONFIG, prepare: powerOn('srv08'), moved: { crm: ['srv09'] }, byPolicy: ['crm'] },
  { title: 'FO-10 preemption', failed: 'srv06', config: DEFAULT_CONFIG, moved: { db: ['srv07'], report: [] } },
  { title: 'FO-10 move first', failed: 'srv01', config: WEB_ON_PX4, prepare: powerOn('srv08'), moved: { crm: ['srv02'], web: ['srv09'] }, byPolicy: ['web'] },
  { title: 'FO-05 no standby', failed: 'srv07', config: DEFAULT_CONFIG, moved: { report: ['srv07'] } },
];

const owners = (rows: ManagedServer[], business: string): string[] => rows.filter((s) => s.business?.name === business).map((s) => s.id);

/** Everything wrong with the lab after the decision's steps, in words; [] when the outcome is right. */
function problems(c: Case, defects: ReadonlySet<DefectName>): string[] {
  const reads = defaultClusterReads();
  c.prepare?.(reads);
  reads.failed = [c.failed];
  const before = buildTable(reads, c.config);
  const d = decide(before, c.config, fail(c.failed), defects);
  applySteps(reads, d.kind === 'no-action' ? [] : d.steps);
  const after = buildTable(reads, c.config);
  const row = (rows: ManagedServer[], id: string): ManagedServer | undefined => rows.find((s) => s.id === id);
  const out: string[] = [];
  const expect = (what: string, actual: unknown, expected: unknown): void => void (isDeepStrictEqual(actual, expected) || out.push(`${what}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`));
  const from = new Set(Object.keys(c.moved).flatMap((b) => owners(before.servers, b)));
  const to = new Set(Object.values(c.moved).flat());
  for (const [business, standby] of Object.entries(c.moved)) {
    const old = owners(before.servers, business).map((id) => row(before.servers, id));
    expect(`${business} runs on`, owners(after.servers, business), standby);
    standby.forEach((id, i) => {
      const [n, o] = [row(after.servers, id), old[i]];
      expect(`${id} volumes and LUNs`, n?.bootVolumes.map((v) => [v.volume, v.lun]), o?.bootVolumes.map((v) => [v.volume, v.lun]));
      expect(`${id} zones`, n?.zones.map((z) => [z.fabric, z.zone]), o?.zones.map((z) => [z.fabric, z.zone]));
      expect(`${id} VLANs`, n?.vlans.map((v) => [v.untagged, v.tagged]), o?.vlans.map((v) => [v.untagged, v.tagged]));
      const hw = (r?: ManagedServer): unknown[] => [r?.cpuModel, r?.cpuStepping, r?.cpuFrequencyMHz, r?.memoryGiB, r?.chipset];
      if (!c.byPolicy?.includes(business)) expect(`${id} hardware`, hw(n), hw(o));
      expect(`${id} power`, n?.powerState, id === c.failed ? o?.powerState : 'On');
    });
  }
  for (const id of [...from].filter((x) => !to.has(x))) {
    const n = row(after.servers, id);
    expect(`${id} left off, unzoned, seeing nothing`, [n?.zones, n?.bootVolumes, n?.powerState], [[], [], 'Off']);
  }
  for (const s of before.servers.filter((x) => !from.has(x.id) && !to.has(x.id))) expect(`${s.id} unchanged`, row(after.servers, s.id), s);
  return out;
}

for (const c of CASES) {
  test(`outcome of ${c.title}: ${c.failed} → ${JSON.stringify(c.moved)}`, (t) => {
    t.deepEqual(problems(c, NO_DEFECTS), []);
  });
}

const CAUGHT: Array<[DefectName, string]> = [
  ['skip-zoning', 'FO-05 exact spare'],
  ['skip-vlan', 'FO-08 composed partition'],
  ['same-lun-renumbered', 'FO-10 preemption'],
  ['wrong-hardware', 'FO-08 composed partition'],
  ['partial-on-no-standby', 'FO-05 no standby'],
  ['ignore-priority', 'FO-05 no standby'],
];

for (const [defect, title] of CAUGHT) {
  test(`the outcome judgement catches ${defect} in ${title}`, (t) => {
    const c = CASES.find((x) => x.title === title);
    t.truthy(c);
    if (c) t.not(problems(c, new Set([defect])).length, 0);
  });
}
