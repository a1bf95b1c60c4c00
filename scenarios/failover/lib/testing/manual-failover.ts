/**
 * A failover done by hand through the drivers (ctx.cluster()), with the cluster sampler running:
 * fence the failed server, move its boot volume to the standby's WWPNs at the same LUN, move its
 * zones and VLAN, boot the standby. `mapBeforeUnmap` does the SAN step in the wrong order (the
 * map-before-unmap defect), which the FO-06 invariant must catch. A factory, not a scenario: the
 * e2e test registers the scenarios it needs from a scenarios directory of its own.
 */
import type { ClusterContext, ScenarioDef } from '../../../../harness/scenario.ts';
import type { LunMapping } from '../../../../drivers/capabilities/index.ts';
import type { ServerInventoryView } from '../../../../lib/domains/cluster/inventory.ts';
import type { LunMappingView } from '../../../../lib/domains/cluster/san.ts';
import { bootVolumeNeverShared, failedOffBeforeStandbyOn, sameLunNumbers } from '../invariants.ts';
import { standbyMatches, standbyTakesZoneAndVlan } from '../placement.ts';
import { measureFailover } from '../measure.ts';
import { powerReaches, roleOf } from '../members.ts';
import { nothingChanges } from '../unchanged.ts';

export interface ManualFailover {
  id: string;
  failed: string;
  standby: string;
  mapBeforeUnmap: boolean;
}

/** The boot volume the array maps to `server`'s WWPNs, its host group and LUN. */
function bootEntry(view: LunMappingView, server: ServerInventoryView): { hostGroup: string; volume: string; lun: number } {
  const group = view.hostGroups.find((g) => g.initiators.some((w) => server.hbas.some((h) => h.wwpn === w)));
  const entry = view.connections.find((c) => c.hostGroup === group?.id)?.luns.find((l) => view.volumes.find((v) => v.id === l.volume)?.bootCapable);
  if (!group || !entry) throw new Error(`no boot volume is mapped to ${server.id}`);
  return { hostGroup: group.id, ...entry };
}

function arrayOf(cl: ClusterContext): LunMapping {
  const array = cl.arrays[0];
  if (!array) throw new Error(`cluster ${cl.name} has no array`);
  return array.cap('LunMapping');
}

/** Unmap the failed server's boot volume and map it to the standby (new host group) at the same LUN, in the order asked. */
async function moveBootVolume(cl: ClusterContext, o: ManualFailover, a: ServerInventoryView, b: ServerInventoryView): Promise<void> {
  const lun = arrayOf(cl);
  const from = bootEntry(await lun.read(), a);
  const hg = `hg-${o.standby}`;
  await lun.createHostGroup(hg, b.hbas.map((h) => h.wwpn));
  const unmap = (): Promise<void> => lun.unmap({ hostGroup: from.hostGroup, volume: from.volume });
  const map = async (): Promise<void> => void (await lun.map({ hostGroup: hg, volume: from.volume, lun: from.lun }));
  for (const step of o.mapBeforeUnmap ? [map, unmap] : [unmap, map]) await step();
}

/** In each fabric: the standby's HBA (same adapter) takes the failed one's place in every active zone; the zone set is activated again. */
async function moveZones(cl: ClusterContext, a: ServerInventoryView, b: ServerInventoryView): Promise<void> {
  for (const fabric of Object.values(cl.fabrics)) {
    const zc = fabric.cap('ZoneControl');
    const view = await zc.read();
    const set = view.zoneSets.find((s) => s.id === view.activeZoneSet);
    if (!set) continue;
    for (const zone of view.zones.filter((z) => set.zones.includes(z.id))) {
      for (const hba of a.hbas.filter((h) => zone.members.includes(h.wwpn))) {
        const theirs = b.hbas.find((h) => h.adapter === hba.adapter);
        if (!theirs) throw new Error(`${b.id} has no HBA ${hba.adapter}`);
        await zc.addMember(zone.id, theirs.wwpn);
        await zc.removeMember(zone.id, hba.wwpn);
      }
    }
    await zc.activate(set.id);
  }
}

/** The standby's NIC ports get the untagged VLANs of the failed server's (NICs in order). */
async function moveVlans(cl: ClusterContext, a: ServerInventoryView, b: ServerInventoryView): Promise<void> {
  for (const sw of cl.ethernetSwitches) {
    const vc = sw.cap('VlanControl');
    const view = await vc.read();
    for (const [i, nic] of a.nics.entries()) {
      const from = view.ports.find((p) => p.port === nic.switchPort?.portId && view.switch === nic.switchPort.chassisId);
      const to = b.nics[i]?.switchPort;
      if (from?.untagged != null && to && to.chassisId === view.switch) await vc.setUntaggedVlan(to.portId, from.untagged);
    }
  }
}

export function manualFailover(o: ManualFailover): ScenarioDef {
  return {
    id: o.id,
    title: `manual failover ${o.failed} → ${o.standby}${o.mapBeforeUnmap ? ' (map before unmap)' : ''}`,
    requirements: ['FO-03', 'FO-06', 'FO-11'],
    tags: ['test'],
    suites: [],
    roles: { cl: { kind: 'cluster', needs: [] } },
    timeoutMs: 900_000,
    invariants: [failedOffBeforeStandbyOn, bootVolumeNeverShared, sameLunNumbers, standbyMatches(), standbyTakesZoneAndVlan],
    async run(ctx) {
      const cl = ctx.cluster();
      const sampler = await cl.startSampler({ periodMs: 50 });
      const [failed, standby] = [cl.member(o.failed), cl.member(o.standby)];
      const a = await failed.cap('ServerInventory').read(ctx.signal);
      const b = await standby.cap('ServerInventory').read(ctx.signal);
      const volume = bootEntry(await arrayOf(cl).read(ctx.signal), a).volume;
      const power = failed.cap('PowerControl');
      // Nothing to undo: the failover is the answer to the fault, and the test's lab is discarded.
      await roleOf(ctx, o.failed).fault('power loss', {}, () => power.request('ForceOff', ctx.signal), async () => undefined);
      await powerReaches(ctx, failed, 'Off', 60_000);
      await moveBootVolume(cl, o, a, b);
      await moveZones(cl, a, b);
      await moveVlans(cl, a, b);
      await standby.cap('PowerControl').request('On', ctx.signal);
      await roleOf(ctx, o.standby).waitForEvent(`${o.standby} OS running`, 180_000, (e) => e.messageId.endsWith('.OsRunning'));
      await sampler.fresh();
      measureFailover(ctx, { failed: o.failed, standby: o.standby, volume }, { budgets: false });
    },
  };
}

/** A server fails (power loss through the ledger, undone at the end) and nobody acts: the FO-05 "nothing changes" invariant must hold on a real cluster. */
export function failureLeftAlone(id: string, failed: string): ScenarioDef {
  return {
    id,
    title: `${failed} fails and no standby takes over`,
    requirements: ['FO-05'],
    tags: ['test'],
    suites: [],
    roles: { cl: { kind: 'cluster', needs: [] } },
    timeoutMs: 300_000,
    invariants: [nothingChanges()],
    async run(ctx) {
      const cl = ctx.cluster();
      const sampler = await cl.startSampler({ periodMs: 50 });
      const member = cl.member(failed);
      const power = member.cap('PowerControl');
      await roleOf(ctx, failed).fault('power loss', {}, () => power.request('ForceOff', ctx.signal), () => power.request('On'));
      await powerReaches(ctx, member, 'Off', 60_000);
      await ctx.clock.sleep(500, ctx.signal);
      await sampler.fresh();
    },
  };
}
