/**
 * Units of the search: a standalone server, or a logical server (its members, the boot member
 * first). A unit's hardware is its boot member's row; its status and business are shared.
 */
import { FtlabError } from '../../../lib/errors.ts';
import type { ManagedServer, ManagementTable } from '../plan/types.ts';

export interface Unit {
  /** The partition id, or the server id when it stands alone. */
  id: string;
  partitionId: string | null;
  members: ManagedServer[];
}

/** The executor named a server the table does not have (a failure of an unknown server, a stale table). */
export class UnknownServerError extends FtlabError {
  constructor(readonly server: string) {
    super(`no server ${JSON.stringify(server)} in the management table`);
  }
}

export function lead(u: Unit): ManagedServer {
  const m = u.members[0];
  if (!m) throw new UnknownServerError(u.id);
  return m;
}

export function unitOf(table: ManagementTable, server: string): Unit {
  const row = table.servers.find((s) => s.id === server);
  if (!row) throw new UnknownServerError(server);
  const p = row.partition;
  if (!p) return { id: row.id, partitionId: null, members: [row] };
  const order = [p.bootMember, ...p.members.filter((m) => m !== p.bootMember)];
  return { id: p.id, partitionId: p.id, members: order.map((id) => table.servers.find((s) => s.id === id) ?? missing(id)) };
}

function missing(id: string): never {
  throw new UnknownServerError(id);
}

/** Every unit of the table once, by id. */
export function allUnits(table: ManagementTable): Unit[] {
  const seen = new Map<string, Unit>();
  for (const s of table.servers) {
    const u = unitOf(table, s.id);
    if (!seen.has(u.id)) seen.set(u.id, u);
  }
  return [...seen.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export function serverIds(u: Unit): string[] {
  return u.members.map((m) => m.id);
}
