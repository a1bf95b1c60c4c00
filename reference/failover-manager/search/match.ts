/**
 * Hardware rules of the standby search for one server pair (failed → candidate). Server counts
 * are the unit search's (standby.ts).
 *   connectivity (FO-11, never relaxed): the same Ethernet switches and disk arrays, the same NIC and HBA port counts;
 *   exact (FO-05, FO-11): connectivity, and the same CPU model, stepping, frequency, memory and chipset;
 *   policy (FO-09): connectivity, and every rule of the policy (a rule it does not name stays exact).
 * A value the BMC does not report matches nothing, not even another unknown: a match must be shown.
 */
import type { SearchPolicy } from '../config/types.ts';
import type { Defects } from '../defects.ts';
import type { ManagedServer } from '../plan/types.ts';

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

export function sameConnectivity(f: ManagedServer, c: ManagedServer): boolean {
  return sameList(f.switches, c.switches) && sameList(f.arrays, c.arrays) && f.nicPorts === c.nicPorts && f.hbaPorts === c.hbaPorts;
}

/** Equal and known. */
const same = <T>(a: T | null, b: T | null): boolean => a !== null && a === b;

function sameCpu(f: ManagedServer, c: ManagedServer): boolean {
  return f.cpuModel === c.cpuModel && same(f.cpuStepping, c.cpuStepping);
}

export function sameHardware(f: ManagedServer, c: ManagedServer): boolean {
  return sameCpu(f, c) && same(f.cpuFrequencyMHz, c.cpuFrequencyMHz) && same(f.memoryGiB, c.memoryGiB) && same(f.chipset, c.chipset);
}

const atLeast = (v: number | null, min: number): boolean => v !== null && v >= min;

export function satisfiesPolicy(f: ManagedServer, c: ManagedServer, p: SearchPolicy): boolean {
  const cpu = p.cpuModels ? p.cpuModels.includes(c.cpuModel) : sameCpu(f, c);
  const freq = p.minCpuFrequencyMHz !== null ? atLeast(c.cpuFrequencyMHz, p.minCpuFrequencyMHz) : same(c.cpuFrequencyMHz, f.cpuFrequencyMHz);
  const mem = p.minMemoryGiB !== null ? atLeast(c.memoryGiB, p.minMemoryGiB) : same(c.memoryGiB, f.memoryGiB);
  return cpu && freq && mem && (p.allowChipsetMismatch || same(c.chipset, f.chipset));
}

/** `rule` 'exact' or a policy; `wrong-hardware` keeps connectivity only, `ignore-policy` drops the policy's rules. */
export function matches(f: ManagedServer, c: ManagedServer, rule: 'exact' | SearchPolicy, defects: Defects): boolean {
  if (!sameConnectivity(f, c)) return false;
  if (defects.has('wrong-hardware')) return true;
  if (rule === 'exact') return sameHardware(f, c);
  return defects.has('ignore-policy') || satisfiesPolicy(f, c, rule);
}
