/**
 * The cluster as a failover scenario finds it when it starts (scenarios must not depend on each
 * other's order): each server's hardware kind, partition and power from its BMC, the boot volume
 * the arrays' masking gives its WWPNs, and which business answers from it, asked from the outside.
 * A scenario picks its failed server from this: one running from a boot volume whose hardware kind
 * has a spare (powered off, no boot volume).
 */
import { setMaxListeners } from 'node:events';
import type { ClusterContext, ScenarioContext } from '../../../harness/scenario.ts';
import { locateBusinesses } from '../../../harness/probe/business.ts';
import { maskedPaths } from '../../../lib/domains/cluster/san.ts';
import { InfraError } from '../../../lib/errors.ts';

export interface LabServer {
  id: string;
  hardwareKind: string | null;
  inPartition: boolean;
  powerState: string;
  /** The boot volume the arrays map to its WWPNs, if any. */
  bootVolume: string | null;
  /** The business answering from this server now, if any. */
  business: string | null;
}

/** The server that fails in a scenario, and what it carries. */
export interface FailedServer {
  server: string;
  bootVolume: string;
  /** The business answering from it when the scenario began (null: none answered, e.g. an earlier failover left it unreachable). */
  business: string | null;
  hardwareKind: string;
}

/**
 * Harness ms the outside questions of the lab read may take (one round, all businesses together):
 * only a business that does not answer waits it out (one a loaded host answered late was taken for
 * one that does not run, and its failover's FO-07 check then failed).
 */
const LOCATE_WALL_MS = 5_000;

export async function readLab(ctx: ScenarioContext, cl: ClusterContext): Promise<LabServer[]> {
  // Every array, server and business asked at once, each request listening to the testcase's
  // abort up to a few times (its deadline, its HTTP client, its retry).
  const signal = AbortSignal.any([ctx.signal]);
  setMaxListeners(4 * (cl.arrays.length + cl.servers.length + cl.businesses.length) + 10, signal);
  const views = await Promise.all(cl.arrays.map((a) => a.cap('LunMapping').read(signal)));
  const boot = new Set(views.flatMap((v) => v.volumes.filter((x) => x.bootCapable).map((x) => x.id)));
  const paths = views.flatMap(maskedPaths).filter((p) => boot.has(p.volume));
  const servers = await Promise.all(
    cl.servers.map(async (m) => {
      const inv = await m.cap('ServerInventory').read(signal);
      const wwpns = new Set(inv.hbas.map((h) => h.wwpn));
      const bootVolume = paths.find((p) => wwpns.has(p.initiator))?.volume ?? null;
      return { id: m.device, hardwareKind: inv.hardwareKind, inPartition: inv.partition !== null, powerState: inv.powerState, bootVolume, business: null as string | null };
    }),
  );
  // A business whose boot volume no powered server boots cannot answer: not asked (it would cost the whole deadline).
  const running = new Set(servers.filter((s) => s.powerState === 'On').map((s) => s.bootVolume));
  const where = await locateBusinesses(cl.businesses.filter((b) => !b.volume || running.has(b.volume)), LOCATE_WALL_MS, ctx.clock, signal);
  const runs = new Map([...where].flatMap(([b, s]) => (s ? [[s, b] as const] : [])));
  return servers.map((s) => ({ ...s, business: runs.get(s.id) ?? null }));
}

/** A server standing alone, off and running nothing: what a failover of its hardware kind can take. */
export const isSpare = (s: LabServer): boolean => !s.inPartition && s.powerState === 'Off' && s.bootVolume === null;

/** Servers standing alone, on, running from a boot volume, whose hardware kind has a spare, by name. */
export function failoverCandidates(lab: readonly LabServer[]): FailedServer[] {
  const spareKinds = new Set(lab.filter(isSpare).map((s) => s.hardwareKind));
  return lab
    .filter((s) => !s.inPartition && s.powerState === 'On' && s.bootVolume !== null && s.hardwareKind !== null && spareKinds.has(s.hardwareKind))
    .map((s) => ({ server: s.id, bootVolume: s.bootVolume ?? '', business: s.business, hardwareKind: s.hardwareKind ?? '' }))
    .sort((a, b) => a.server.localeCompare(b.server));
}

type Pick = (lab: readonly LabServer[]) => FailedServer | null;
const choose = (lab: readonly LabServer[], pick?: Pick): FailedServer | null => (pick ? pick(lab) : (failoverCandidates(lab)[0] ?? null));

/**
 * Wall ms a testcase reads the lab again while it offers no server to fail: a testcase that starts
 * with its lab (the first on a cluster) may find a business not answering yet on a busy host.
 */
const PICK_WALL_MS = 20_000;

/** The lab and the server to fail in it, read again every second while there is none (up to PICK_WALL_MS). */
export async function readLabToFail(ctx: ScenarioContext, cl: ClusterContext, pick?: Pick): Promise<{ lab: LabServer[]; failed: FailedServer }> {
  const until = ctx.clock.now() + PICK_WALL_MS;
  for (;;) {
    const lab = await readLab(ctx, cl);
    const chosen = choose(lab, pick);
    if (chosen) return { lab, failed: chosen };
    if (ctx.clock.now() >= until) return { lab, failed: pickFailed(lab, pick) };
    ctx.log.info('the lab offers no server to fail yet; reading it again');
    await ctx.clock.sleep(1000, ctx.signal);
  }
}

/** Which server fails: the scenario's choice from the lab, or the first candidate. The lab having none is an infrastructure problem. */
export function pickFailed(lab: readonly LabServer[], pick?: Pick): FailedServer {
  const chosen = choose(lab, pick);
  if (chosen) return chosen;
  const said = lab.map((s) => `${s.id} ${s.hardwareKind ?? '?'} ${s.powerState}${s.inPartition ? ' (partition)' : ''}${s.bootVolume ? ` boots ${s.bootVolume}` : ''}${s.business ? ` runs ${s.business}` : ''}`).join('; ');
  throw new InfraError(`the lab has no server to fail for this scenario (one running from a boot volume whose hardware kind has a spare): ${said}`);
}
