/**
 * Exact expectations over two state snapshots: every fact the BMC reports (power, the lockstep
 * set, the active NIC and storage path, the system's asset tag, and per module its state, LED, keep-out, faulty component,
 * subsystem states and error counts) is flattened to `key = value`; a check names the facts that
 * must have changed and their exact new values, and every other fact must be as before.
 */
import type { FtSystemSnapshot, Subsystem } from '../../../drivers/capabilities/index.ts';
import { otherModule } from './state.ts';

export type Facts = Record<string, string>;

/** The snapshot as flat facts, e.g. `M0.led = on`, `M1.count.Cpu = 2`, `M0.sub.Io = Online`, `nic = M1-NIC0`. */
export function factsOf(s: FtSystemSnapshot): Facts {
  const f: Facts = {
    power: s.powerState,
    active: `[${s.activeModules.join(',')}]`,
    nic: s.nicActive ?? '-',
    storagePath: s.storagePathActive ?? '-',
  };
  if (typeof s.assetTag === 'string') f.assetTag = s.assetTag;
  for (const m of s.modules) {
    const k = `M${m.index}`;
    f[`${k}.opState`] = m.opState;
    f[`${k}.led`] = m.ledOn ? 'on' : 'off';
    f[`${k}.keptOut`] = String(m.keptOut);
    f[`${k}.faultyComponent`] = m.faultyComponent ?? '-';
    if (m.faultPolicy) f[`${k}.policy`] = m.faultPolicy;
    for (const [sub, c] of Object.entries(m.counters)) f[`${k}.count.${sub}`] = String(c.count);
    for (const [sub, state] of Object.entries(m.subsystems ?? {})) f[`${k}.sub.${sub}`] = state;
  }
  return f;
}

/** A fact that must hold after: an exact value, or a test with a description of what is expected. */
export type Expected = string | { test: (value: string, before: string) => boolean; says: string };

/**
 * Differences between `after` and what was expected: each `expect` key must have its exact value
 * (a key the BMC does not report is skipped only when `optional` lists it), every other key must
 * equal its value in `before`. Returns `key: before -> after (expected X)` lines; empty when all holds.
 */
export function unexpectedChanges(before: FtSystemSnapshot, after: FtSystemSnapshot, expect: Record<string, Expected>, optional: readonly string[] = []): string[] {
  const b = factsOf(before);
  const a = factsOf(after);
  const problems: string[] = [];
  for (const key of new Set([...Object.keys(a), ...Object.keys(b), ...Object.keys(expect)])) {
    const was = b[key] ?? '(absent)';
    const now = a[key] ?? '(absent)';
    const want = expect[key];
    if (want === undefined) {
      if (now !== was) problems.push(`${key}: ${was} -> ${now} (expected unchanged)`);
    } else if (a[key] === undefined) {
      if (!optional.includes(key)) problems.push(`${key}: not reported (expected ${typeof want === 'string' ? want : want.says})`);
    } else if (typeof want === 'string' ? now !== want : !want.test(now, was)) {
      problems.push(`${key}: ${was} -> ${now} (expected ${typeof want === 'string' ? want : want.says})`);
    }
  }
  return problems;
}

/** The check body: true when nothing unexpected changed, else the list. */
export function onlyExpected(before: FtSystemSnapshot, after: FtSystemSnapshot, expect: Record<string, Expected>, optional: readonly string[] = []): true | string {
  const problems = unexpectedChanges(before, after, expect, optional);
  return problems.length === 0 ? true : problems.join('; ');
}

/** The module an IO member id names (`M1-NIC0`, `Module1/...`), if it names one. */
export function moduleOfMember(id: string | null): number | undefined {
  const m = id?.match(/(?:^|[^A-Za-z])M(?:odule)?([01])(?![0-9])/);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/** Expectation for an IO member after module `lost` lost its IO: the same one if it was elsewhere, else one on another module. */
export function ioMemberAfterLoss(before: string | null, lost: number): Expected {
  if (before !== null && moduleOfMember(before) !== lost) return before;
  return {
    test: (v) => v !== '-' && moduleOfMember(v) !== undefined && moduleOfMember(v) !== lost,
    says: `a member on a module other than ${lost}`,
  };
}

/**
 * Module `m` kept out after its `sub` count reached `count` (FT-11, FT-12): out of lockstep, LED
 * on, a part of it named for replacement, its IO moved to the other module, which runs alone.
 * With onlyExpected(before, after, …, keptOutOptional(m)): the subsystem states only when reported.
 */
export function keptOutExpectations(before: FtSystemSnapshot, m: number, count: number, sub: Subsystem = 'Cpu'): Record<string, Expected> {
  const survivor = otherModule(m);
  return {
    active: `[${survivor}]`,
    [`M${survivor}.opState`]: 'Simplex',
    [`M${m}.opState`]: 'KeptOut',
    [`M${m}.keptOut`]: 'true',
    [`M${m}.led`]: 'on',
    [`M${m}.faultyComponent`]: { test: (v) => moduleOfMember(v) === m, says: `a part of module ${m}` },
    [`M${m}.count.${sub}`]: String(count),
    [`M${m}.sub.Cpu`]: 'KeptOut',
    [`M${m}.sub.Io`]: 'KeptOut',
    nic: ioMemberAfterLoss(before.nicActive, m),
    storagePath: ioMemberAfterLoss(before.storagePathActive, m),
  };
}

/** The facts keptOutExpectations names that a BMC may not report. */
export function keptOutOptional(m: number): string[] {
  return [`M${m}.sub.Cpu`, `M${m}.sub.Io`];
}

/** Expectation: a counter moved by exactly `n`. */
export function plus(n: number): Expected {
  return { test: (v, was) => Number(v) === (Number(was) || 0) + n, says: `+${n}` };
}

/** Expectation for a faulty component after a CPU fault on module `m`: names module m and a processor, not the other module. */
export function cpuComponentOf(m: number): Expected {
  return {
    test: (v) => moduleOfMember(v) === m && /cpu|processor/i.test(v),
    says: `a processor of module ${m} (e.g. M${m}-CPU0)`,
  };
}

/** The NIC team and the storage path set each report an active member again (a switch in progress reports none). */
export function ioSettled(before: FtSystemSnapshot, s: FtSystemSnapshot): boolean {
  return (before.nicActive === null || s.nicActive !== null) && (before.storagePathActive === null || s.storagePathActive !== null);
}

/** Keys of permanentCpuFaultFacts a BMC may not report (per-subsystem states). */
export const SUBSYSTEM_KEYS = (m: number): string[] => [`M${m}.sub.Cpu`, `M${m}.sub.Io`];

/** What a permanent CPU fault on module `m` changes, exactly: the whole module is kept out, the other runs alone. */
export function permanentCpuFaultFacts(before: FtSystemSnapshot, m: number): Record<string, Expected> {
  const k = `M${m}`;
  const other = m === 0 ? 1 : 0;
  return {
    active: `[${other}]`,
    [`M${other}.opState`]: 'Simplex',
    [`${k}.opState`]: 'KeptOut',
    [`${k}.keptOut`]: 'true',
    [`${k}.led`]: 'on',
    [`${k}.faultyComponent`]: cpuComponentOf(m),
    [`${k}.count.Cpu`]: plus(1),
    [`${k}.sub.Cpu`]: 'KeptOut',
    [`${k}.sub.Io`]: 'KeptOut',
    nic: ioMemberAfterLoss(before.nicActive, m),
    storagePath: ioMemberAfterLoss(before.storagePathActive, m),
  };
}
