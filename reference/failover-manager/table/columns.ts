/**
 * The per-server columns of the management table that come from the switches, fabrics and
 * arrays: VLANs of its switch ports, zones of its WWPNs, volumes its WWPNs see, arrays it reaches.
 */
import type { ServerInventoryView } from '../../../lib/domains/cluster/inventory.ts';
import type { SwitchVlansView } from '../../../lib/domains/cluster/lan.ts';
import type { ZoningView } from '../../../lib/domains/cluster/san.ts';
import type { ManagedServer } from '../plan/types.ts';
import type { ArrayRead } from './reads.ts';

/** The VLANs of each NIC's switch port, in NIC order; a port the switch does not show is left out. */
export function vlansOf(view: ServerInventoryView, switches: readonly SwitchVlansView[]): ManagedServer['vlans'] {
  return view.nics.flatMap((nic) => {
    const sp = nic.switchPort;
    const port = sp ? switches.find((s) => s.switch === sp.chassisId)?.ports.find((p) => p.port === sp.portId) : undefined;
    return sp && port ? [{ switch: sp.chassisId, port: port.port, untagged: port.untagged, tagged: [...port.tagged] }] : [];
  });
}

/** Zones of the active zone set of each fabric that hold one of the server's WWPNs. */
export function zonesOf(view: ServerInventoryView, fabrics: readonly ZoningView[]): ManagedServer['zones'] {
  return view.hbas.flatMap((hba) =>
    fabrics.flatMap((f) => {
      const active = f.zoneSets.find((s) => s.id === f.activeZoneSet);
      if (!active) return [];
      return f.zones.filter((z) => active.zones.includes(z.id) && z.members.includes(hba.wwpn)).map((z) => ({ fabric: f.fabric, zone: z.id, wwpn: hba.wwpn }));
    }),
  );
}

/** Every volume the WWPNs see through a host group, with its LUN number, sorted by array, LUN, volume. */
export function volumesOf(wwpns: readonly string[], arrays: readonly ArrayRead[]): ManagedServer['bootVolumes'] {
  const out = arrays.flatMap(({ mapping }) =>
    mapping.hostGroups
      .filter((g) => g.initiators.some((w) => wwpns.includes(w)))
      .flatMap((g) => mapping.connections.filter((c) => c.hostGroup === g.id).flatMap((c) => c.luns.map((l) => ({ array: mapping.array, volume: l.volume, lun: l.lun, hostGroup: g.id })))),
  );
  return out.sort((a, b) => a.array.localeCompare(b.array) || a.lun - b.lun || a.volume.localeCompare(b.volume));
}

/** Arrays whose target ports the server boots from, or whose volumes it sees; sorted. */
export function arraysOf(view: ServerInventoryView, arrays: readonly ArrayRead[], volumes: ManagedServer['bootVolumes']): string[] {
  const reached = arrays.filter((a) => a.targetPorts.some((p) => view.arrayTargets.includes(p))).map((a) => a.mapping.array);
  return [...new Set([...reached, ...volumes.map((v) => v.array)])].sort();
}

export function switchesOf(view: ServerInventoryView): string[] {
  return [...new Set(view.nics.flatMap((n) => (n.switchPort ? [n.switchPort.chassisId] : [])))].sort();
}
