/**
 * FO-04: the manager's server management table equals what the lab shows, column by column —
 * basic (CPU model, stepping, frequency, memory, partition, status, power) and extended (business
 * and priority, hardware kind, chipset, NIC and HBA ports, VLANs, zones, WWPNs, switches, boot
 * volumes with their LUNs) — against the cluster sampler's readings; every mismatch is named.
 */
import { freshTable, managerOf } from './lib/search-act.ts';
import { sampledLab, searchScenario } from './lib/search-scenario.ts';
import { tableMismatches } from './lib/search-table.ts';
import { othersUnchanged } from './lib/search-unchanged.ts';

export const managementTable = searchScenario({
  id: 'fo-04-management-table',
  title: "the manager's server management table equals the lab's readings, column by column",
  requirements: ['FO-04'],
  invariants: [othersUnchanged(() => ({ servers: [], volumes: [] }))],
  async run(ctx) {
    const view = managerOf(ctx);
    const { lab, fresh } = await sampledLab(ctx);
    const table = await freshTable(view, [...lab.servers.keys()][0] ?? '', ctx.signal);
    const now = await fresh();
    const mismatches = tableMismatches(table, now, ctx.cluster().records(), ctx.cluster().businesses);
    ctx.check('the management table equals the lab', { kind: 'assertion', requirements: ['FO-04'] }, () =>
      mismatches.length === 0 ? true : `${mismatches.length} mismatches (table built ${table.builtAt}): ${mismatches.join('; ')}`,
    );
    ctx.check('the table names every server of the cluster', { kind: 'assertion', requirements: ['FO-04'] }, () => (table.servers.length === ctx.cluster().servers.length ? true : `${table.servers.length} rows for ${ctx.cluster().servers.length} servers`));
  },
});
