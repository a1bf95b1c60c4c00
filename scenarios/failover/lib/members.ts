/**
 * The cluster members of a failover scenario (role `cl`): a member's role context (its events, its
 * faults through the ledger) and the wait for a member's power, with its SUT deadline. The one home
 * of both for the suite, its test scenarios included.
 */
import type { ClusterMember, RoleContext, ScenarioContext } from '../../../harness/scenario.ts';

/** The role every failover scenario declares. */
export const FO_ROLE = 'cl';

/** The role context of the cluster member `device`; an error naming the members when it is not one. */
export function roleOf(ctx: ScenarioContext, device: string): RoleContext {
  const members = ctx.roleAll(FO_ROLE);
  const role = members.find((r) => r.device === device);
  if (!role) throw new Error(`${device} is not a member of the bound cluster (members: ${members.map((r) => r.device).join(', ')})`);
  return role;
}

/** Poll `member`'s power until `want`, within `sutMs` (a phase of its own). */
export async function powerReaches(ctx: ScenarioContext, member: ClusterMember, want: string, sutMs: number): Promise<void> {
  await ctx.phase(`${member.device} power ${want}`, sutMs, async (signal) => {
    while ((await member.cap('PowerControl').state(signal)) !== want) await ctx.clock.sleep(20, signal);
  });
}
