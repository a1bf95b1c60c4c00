/**
 * The standby rules of FO-05, FO-08, FO-09 and FO-11 applied to the lab's own readings (pure),
 * written from the requirements, not from any manager: which unused units the lab offers as a
 * standby for a failed unit, and what a chosen one breaks. Each difference reads "what: failed vs
 * candidate"; a value the BMC does not report matches nothing.
 */
import type { ServerInventoryView } from '../../../lib/domains/cluster/inventory.ts';
import { isUnused, type LabServer, type LabUnit, type LabView } from './search-lab.ts';

/** A per-business search policy (FO-09): what may differ from the failed server, and how far. */
export interface SearchPolicy {
  cpuModels?: readonly string[];
  minCpuFrequencyMHz?: number;
  minMemoryGiB?: number;
  allowChipsetMismatch?: boolean;
  allowPartitionMismatch?: boolean;
}

/** Memory of one physical server (a partition member's BMC reports the logical server's total). */
export function memoryPerServer(inv: ServerInventoryView): number | null {
  return inv.memoryGiB === null ? null : inv.memoryGiB / (inv.partition?.members.length ?? 1);
}

const switchesOf = (inv: ServerInventoryView): string[] => [...new Set(inv.nics.flatMap((n) => (n.switchPort ? [n.switchPort.chassisId] : [])))].sort();

function differ(out: string[], what: string, a: unknown, b: unknown): void {
  if (a === null || b === null || JSON.stringify(a) !== JSON.stringify(b)) out.push(`${what}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
}

/** FO-11, never relaxed: the same switches and array ports, the same NIC and HBA port counts. */
export function connectivityDiffers(a: ServerInventoryView, b: ServerInventoryView): string[] {
  const out: string[] = [];
  differ(out, 'NIC ports', a.nics.length, b.nics.length);
  differ(out, 'HBA ports', a.hbas.length, b.hbas.length);
  differ(out, 'switches', switchesOf(a), switchesOf(b));
  differ(out, 'array ports', a.arrayTargets, b.arrayTargets);
  return out;
}

/** FO-05 exact: connectivity, and the same CPU model, stepping, frequency, memory and chipset. */
export function hardwareDiffers(a: ServerInventoryView, b: ServerInventoryView): string[] {
  const out = connectivityDiffers(a, b);
  differ(out, 'CPU model', a.cpu.model, b.cpu.model);
  differ(out, 'CPU stepping', a.cpu.stepping, b.cpu.stepping);
  differ(out, 'CPU MHz', a.cpu.frequencyMHz, b.cpu.frequencyMHz);
  differ(out, 'memory GiB', memoryPerServer(a), memoryPerServer(b));
  differ(out, 'chipset', a.chipset, b.chipset);
  return out;
}

/** FO-09: connectivity, and every rule of the policy (a rule it does not name stays exact). */
export function policyDiffers(a: ServerInventoryView, b: ServerInventoryView, p: SearchPolicy): string[] {
  const out = connectivityDiffers(a, b);
  if (p.cpuModels) {
    if (!p.cpuModels.includes(b.cpu.model)) out.push(`CPU model ${b.cpu.model} not in policy [${p.cpuModels.join(', ')}]`);
  } else {
    differ(out, 'CPU model', a.cpu.model, b.cpu.model);
    differ(out, 'CPU stepping', a.cpu.stepping, b.cpu.stepping);
  }
  if (p.minCpuFrequencyMHz === undefined) differ(out, 'CPU MHz', a.cpu.frequencyMHz, b.cpu.frequencyMHz);
  else if ((b.cpu.frequencyMHz ?? -1) < p.minCpuFrequencyMHz) out.push(`CPU ${b.cpu.frequencyMHz} MHz < policy ${p.minCpuFrequencyMHz}`);
  const mem = memoryPerServer(b);
  if (p.minMemoryGiB === undefined) differ(out, 'memory GiB', memoryPerServer(a), mem);
  else if ((mem ?? -1) < p.minMemoryGiB) out.push(`memory ${mem} GiB < policy ${p.minMemoryGiB}`);
  if (!p.allowChipsetMismatch) differ(out, 'chipset', a.chipset, b.chipset);
  return out;
}

/** What `candidate` (a unit) breaks as a standby for `failed` under the exact rule or `policy`; [] when it qualifies. */
export function unitDiffers(lab: LabView, failed: LabUnit, candidate: LabUnit, policy: SearchPolicy | null): string[] {
  const lead = lab.servers.get(failed.members[0] ?? '');
  if (!lead) return [`no inventory of ${failed.id}`];
  const out: string[] = [];
  if (!policy?.allowPartitionMismatch && candidate.members.length !== failed.members.length) out.push(`server count: ${failed.members.length} vs ${candidate.members.length}`);
  for (const m of candidate.members) {
    const s: LabServer | undefined = lab.servers.get(m);
    if (!s) out.push(`no inventory of ${m}`);
    else out.push(...(policy ? policyDiffers(lead.inventory, s.inventory, policy) : hardwareDiffers(lead.inventory, s.inventory)).map((d) => `${m} ${d}`));
  }
  return out;
}

/** The unused units that qualify as a standby for `failed` (exact, or under `policy`), by id. */
export function qualifyingUnits(lab: LabView, failed: LabUnit, policy: SearchPolicy | null, failedServers: ReadonlySet<string> = new Set()): LabUnit[] {
  return lab.units.filter((u) => u.id !== failed.id && isUnused(lab, u, failedServers) && unitDiffers(lab, failed, u, policy).length === 0);
}

/** Unused standalone servers exactly matching `failed`'s boot member: what a composed standby (FO-08) may be made of. */
export function composableServers(lab: LabView, failed: LabUnit, failedServers: ReadonlySet<string> = new Set()): string[] {
  return qualifyingUnits(lab, { ...failed, id: `${failed.id} (as one server)`, members: failed.members.slice(0, 1) }, null, failedServers).filter((u) => !u.logical).map((u) => u.id);
}
