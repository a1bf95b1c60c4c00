/**
 * The failovers a history shows, read from the lab's own state (never from the manager's
 * account): a boot volume that moved from one server's WWPNs to another's is a failover from the
 * first (failed) server to the second (standby).
 */
import { volumeMoves, type VolumeMove } from '../../../lib/domains/failover/series.ts';
import type { HistoryRecord } from '../../../lib/history/records.ts';

export interface Failover extends VolumeMove {
  failed: string;
  standby: string;
}

/** The moves of one server to one other; a move to several or to none is not a failover (other invariants judge it). */
export function failovers(records: readonly HistoryRecord[]): Failover[] {
  return volumeMoves(records).flatMap((m) => {
    const [failed] = m.from;
    const [standby] = m.to;
    return m.from.length === 1 && m.to.length === 1 && failed && standby ? [{ ...m, failed, standby }] : [];
  });
}

/** The servers a fault was injected into in this testcase (fault records), in order. */
export function faultedServers(records: readonly HistoryRecord[], servers: ReadonlySet<string>): string[] {
  return [...new Set(records.flatMap((r) => (r.type === 'fault' && r.action === 'inject' && r.ok && servers.has(r.device) ? [r.device] : [])))];
}

/** What the failover invariants say when the history shows no failover. */
export const noFailover = { notApplicable: 'no boot volume moved from one server to another' };
