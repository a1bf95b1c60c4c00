/**
 * The cluster as a failover scenario finds it when it starts (scenarios must not depend on each
 * other's order): each server's hardware kind, partition and power from its BMC, and which
 * business answers from it, asked from the outside. A scenario picks its failed server from this:
 * one running a business whose hardware kind has a spare (powered off, running nothing).
 */
import type { ClusterContext, ScenarioContext } from '../../../harness/scenario.ts';
import { locateBusinesses } from '../../../harness/probe/business.ts';
import { InfraError } from '../../../lib/errors.ts';

export interface LabServer {
  id: string;
  hardwareKind: string | null;
  inPartition: boolean;
  powerState: string;
  /** The business answering from this server now, if any. */
  business: string | null;
}

/** The server that fails in a scenario, and what it carries. */
export interface FailedServer {
  server: string;
  business: string;
  hardwareKind: string;
}

/** Harness ms the outside questions of the lab read may take (one round, all businesses together). */
const LOCATE_WALL_MS = 2_000;

export async function readLab(ctx: ScenarioContext, cl: ClusterContext): Promise<LabServer[]> {
  const where = await locateBusinesses(cl.businesses, LOCATE_WALL_MS, ctx.clock, ctx.signal);
  const runs = new Map([...where].flatMap(([b, s]) => (s ? [[s, b] as const] : [])));
  return Promise.all(
    cl.servers.map(async (m) => {
      const inv = await m.cap('ServerInventory').read(ctx.signal);
      return { id: m.device, hardwareKind: inv.hardwareKind, inPartition: inv.partition !== null, powerState: inv.powerState, business: runs.get(m.device) ?? null };
    }),
  );
}

/** A server standing alone, off and running nothing: what a failover of its hardware kind can take. */
export const isSpare = (s: LabServer): boolean => !s.inPartition && s.powerState === 'Off' && s.business === null;

/** Servers standing alone, running a business, whose hardware kind has a spare, by name. */
export function failoverCandidates(lab: readonly LabServer[]): FailedServer[] {
  const spareKinds = new Set(lab.filter(isSpare).map((s) => s.hardwareKind));
  return lab
    .filter((s) => !s.inPartition && s.powerState === 'On' && s.business !== null && s.hardwareKind !== null && spareKinds.has(s.hardwareKind))
    .map((s) => ({ server: s.id, business: s.business ?? '', hardwareKind: s.hardwareKind ?? '' }))
    .sort((a, b) => a.server.localeCompare(b.server));
}

/** Which server fails: the scenario's choice from the lab, or the first candidate. The lab having none is an infrastructure problem. */
export function pickFailed(lab: readonly LabServer[], pick?: (lab: readonly LabServer[]) => FailedServer | null): FailedServer {
  const chosen = pick ? pick(lab) : (failoverCandidates(lab)[0] ?? null);
  if (chosen) return chosen;
  const said = lab.map((s) => `${s.id} ${s.hardwareKind ?? '?'} ${s.powerState}${s.inPartition ? ' (partition)' : ''}${s.business ? ` runs ${s.business}` : ''}`).join('; ');
  throw new InfraError(`the lab has no server to fail for this scenario (a server running a business whose hardware kind has a spare): ${said}`);
}
