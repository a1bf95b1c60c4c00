/**
 * Test helpers: the default cluster's management table (table/testing/default-reads.ts), edited
 * as a scenario would prepare the lab, and config variants of the shipped default.
 */
import { at } from '../../../../lib/checked.ts';
import type { ServerInventoryView } from '../../../../lib/domains/cluster/inventory.ts';
import { loadFailoverConfig } from '../../config/load.ts';
import type { BusinessConfig, FailoverConfig } from '../../config/types.ts';
import type { Failure, ManagementTable } from '../../plan/types.ts';
import { buildTable } from '../../table/build.ts';
import type { TableReads } from '../../table/reads.ts';
import { defaultClusterReads } from '../../table/testing/default-reads.ts';

export const DEFAULT_CONFIG: FailoverConfig = loadFailoverConfig();

export function labTable(edit: (r: TableReads) => void = () => undefined, config: FailoverConfig = DEFAULT_CONFIG): ManagementTable {
  const r = defaultClusterReads();
  edit(r);
  return buildTable(r, config);
}

export function fail(server: string, faultType = 'Cpu'): Failure {
  return { server, faultType, evidence: { messageId: 'ClusterLab.1.0.HardwareFault', at: '2026-12-06T10:00:01.000Z' } };
}

export function serverRead(r: TableReads, id: string): ServerInventoryView {
  return at(r.servers.filter((s) => s.id === id), 0, `fixture server ${id}`);
}

/** A spare that is powered on is in use (someone else's), not a candidate. */
export function powerOn(...ids: string[]): (r: TableReads) => void {
  return (r) => ids.forEach((id) => (serverRead(r, id).powerState = 'On'));
}

/** Give `id` the hardware (kind, chipset, CPU, memory) of `like`. */
export function hardwareOf(r: TableReads, id: string, like: string): void {
  const s = serverRead(r, id);
  const l = serverRead(r, like);
  Object.assign(s, { hardwareKind: l.hardwareKind, chipset: l.chipset, model: l.model, cpu: { ...l.cpu }, memoryGiB: (l.memoryGiB ?? 0) / (l.partition?.members.length ?? 1) });
}

export function withBusiness(config: FailoverConfig, name: string, change: Partial<BusinessConfig>): FailoverConfig {
  return { ...config, businesses: config.businesses.map((b) => (b.name === name ? { ...b, ...change } : b)) };
}
