/**
 * VlanControl over Redfish (redfish-model.md §2.2 option B, the standard form): an Ethernet
 * Fabric's Switch and Ports; a port's VLANs are the EthernetInterfaces its `Links.EthernetInterfaces`
 * names, each with `VLAN {VLANId, Tagged}`. Writes: POST `{VLAN: {VLANId, Tagged: false}}` to the
 * port's EthernetInterfaces collection sets the untagged VLAN, `Tagged: true` adds a tagged one,
 * DELETE of the interface removes it. The VLAN table is the switch's `Oem.ClusterLab.Vlans` where
 * published (no standard property exists). Every write is read back; the rest of the port must not move.
 */
import { ConcurrentChangeError, WriteNotConfirmedError, type WriteOptions } from '../../../capabilities/cluster-errors.ts';
import type { PortVlanView, SwitchVlansView, VlanControl } from '../../../capabilities/vlan-control.ts';
import type { VlanTableEntry } from '../../../../lib/domains/cluster/lan.ts';
import { at } from '../../../../lib/checked.ts';
import { RedfishProtocolError } from '../../errors.ts';
import { linkedBodies } from '../../expand.ts';
import { type JsonObject, at as prop, isObject, linkList, optBoolean, optLink, optNumber, optString, reqString, stringList } from '../../json.ts';
import { type Device, eachLimited, fabricsOfType, fabricLink, list, readMembers, sig, write, etagOf } from './support.ts';

const CAP = 'VlanControl';

interface PortState {
  view: PortVlanView;
  etag: string | null;
  /** The port's EthernetInterfaces collection (POST adds a VLAN). */
  interfaces: string;
  byVlan: Map<number, string>;
}

interface PortRef {
  path: string;
  body: JsonObject;
}

export class RedfishVlanControl implements VlanControl {
  readonly kind = 'VlanControl' as const;
  constructor(private readonly d: Device) {}

  async read(signal?: AbortSignal): Promise<SwitchVlansView> {
    const sw = await this.theSwitch(signal);
    const ports = await readMembers(this.d, reqLink(sw.body, 'Ports', sw.path), signal, { links: true });
    return {
      switch: optString(sw.body, 'Id') ?? sw.path,
      ports: await eachLimited(ports, (p) => this.portView(p, signal)),
      vlanTable: vlanTable(sw.body),
    };
  }

  setUntaggedVlan(port: string, vlan: number, opts: WriteOptions = {}): Promise<PortVlanView> {
    return this.change(port, opts, `port ${port} untagged VLAN`, (v) => (v.untagged === vlan ? null : { ...v, untagged: vlan }), (p) =>
      this.d.client.post(p.interfaces, { VLAN: { VLANId: vlan, VLANEnable: true, Tagged: false } }, sig(opts.signal)),
    );
  }

  addTaggedVlan(port: string, vlan: number, opts: WriteOptions = {}): Promise<PortVlanView> {
    return this.change(port, opts, `port ${port} tagged VLANs`, (v) => (v.tagged.includes(vlan) ? null : { ...v, tagged: [...v.tagged, vlan].sort((a, b) => a - b) }), (p) =>
      this.d.client.post(p.interfaces, { VLAN: { VLANId: vlan, VLANEnable: true, Tagged: true } }, sig(opts.signal)),
    );
  }

  removeTaggedVlan(port: string, vlan: number, opts: WriteOptions = {}): Promise<PortVlanView> {
    return this.change(port, opts, `port ${port} tagged VLANs`, (v) => (v.tagged.includes(vlan) ? { ...v, tagged: v.tagged.filter((x) => x !== vlan) } : null), (p) =>
      this.d.client.request('DELETE', p.byVlan.get(vlan) ?? `${p.interfaces}/vlan${vlan}`, sig(opts.signal)),
    );
  }

  /**
   * One confirmed change of a port: `target` gives the port as it should be after (null: already
   * so, nothing is sent), `send` makes the request. After it, the port must show exactly the
   * target and every other port its VLANs as before.
   */
  private async change(port: string, opts: WriteOptions, what: string, target: (v: PortVlanView) => PortVlanView | null, send: (p: PortState) => Promise<unknown>): Promise<PortVlanView> {
    const before = await this.port(port, opts);
    const expected = target(before.view);
    if (!expected) return before.view;
    const rest = othersOf(await this.read(opts.signal), port);
    await write(this.d, what, before.etag, () => send(before));
    const now = await this.confirm(port, expected, opts.signal);
    const restNow = othersOf(await this.read(opts.signal), port);
    const moved = [...restNow].filter(([p, v]) => rest.get(p) !== v).map(([p, v]) => `port ${p} ${rest.get(p) ?? 'absent'} → ${v}`);
    if (moved.length) throw new WriteNotConfirmedError(this.d.name, before.view.uri, `other ports' VLANs changed too: ${moved.join('; ')}`);
    return now;
  }

  /** One port, read now, with the collection its VLAN interfaces live in; ConcurrentChangeError when `ifMatch` is stale. */
  private async port(id: string, opts: WriteOptions): Promise<PortState> {
    const sw = await this.theSwitch(opts.signal);
    const path = `${reqLink(sw.body, 'Ports', sw.path)}/${id}`;
    const body = await this.d.client.getJson(path, sig(opts.signal));
    const etag = etagOf(body);
    if (opts.ifMatch !== undefined && opts.ifMatch !== etag) throw new ConcurrentChangeError(this.d.name, path, opts.ifMatch);
    const links = linkList(body, 'Links.EthernetInterfaces');
    const first = links[0];
    if (!first) throw new RedfishProtocolError(path, 'Links.EthernetInterfaces', 'expected the port\'s VLAN interfaces (one EthernetInterface per VLAN)');
    const ifaces = await Promise.all(links.map(async (l) => ({ path: l, body: await this.d.client.getJson(l, sig(opts.signal)) })));
    const byVlan = new Map(ifaces.map((i) => [optNumber(i.body, 'VLAN.VLANId') ?? -1, i.path]));
    return { view: portView(path, body, ifaces), etag, interfaces: first.slice(0, first.lastIndexOf('/')), byVlan };
  }

  private async portView(p: PortRef, signal?: AbortSignal): Promise<PortVlanView> {
    const links = isObject(p.body.Links) ? p.body.Links.EthernetInterfaces : undefined;
    return portView(p.path, p.body, await linkedBodies(this.d.client, links, signal));
  }

  private async confirm(port: string, expected: PortVlanView, signal?: AbortSignal): Promise<PortVlanView> {
    const now = (await this.port(port, sig(signal))).view;
    const diff: string[] = [];
    if (now.untagged !== expected.untagged) diff.push(`untagged VLAN ${now.untagged ?? 'none'}, expected ${expected.untagged ?? 'none'}`);
    if (now.tagged.join() !== expected.tagged.join()) diff.push(`tagged VLANs ${list(now.tagged)}, expected ${list(expected.tagged)}`);
    if (diff.length) throw new WriteNotConfirmedError(this.d.name, now.uri, diff.join('; '));
    return now;
  }

  private async theSwitch(signal?: AbortSignal): Promise<PortRef> {
    const fabric = at(await fabricsOfType(this.d, CAP, 'Ethernet', signal), 0, 'Ethernet fabric');
    const switches = await readMembers(this.d, fabricLink(this.d, CAP, fabric, 'Switches'), signal);
    const sw = switches.find((s) => optString(s.body, 'SwitchType') === 'Ethernet') ?? switches[0];
    if (!sw) throw new RedfishProtocolError(fabric.path, 'Switches', 'expected at least one switch');
    return sw;
  }
}

function reqLink(body: JsonObject, prop: string, path: string): string {
  const l = optLink(body, prop);
  if (!l) throw new RedfishProtocolError(path, prop, 'expected a link');
  return l;
}

function portView(path: string, body: JsonObject, ifaces: Array<{ path: string; body: JsonObject }>): PortVlanView {
  const vlans = ifaces.map((i) => ({ id: optNumber(i.body, 'VLAN.VLANId'), tagged: optBoolean(i.body, 'VLAN.Tagged') ?? false, enabled: optBoolean(i.body, 'VLAN.VLANEnable') ?? true }));
  const untagged = vlans.find((v) => !v.tagged && v.enabled && v.id !== null)?.id ?? null;
  return {
    port: reqString(body, 'Id', path),
    uri: path,
    enabled: optBoolean(body, 'InterfaceEnabled'),
    linkUp: optString(body, 'LinkStatus') === 'LinkUp',
    untagged,
    tagged: vlans.filter((v) => v.tagged && v.enabled && v.id !== null).map((v) => v.id as number).sort((a, b) => a - b),
    learnedMacs: stringList(prop(body, 'Ethernet.AssociatedMACAddresses')).map((m) => m.toLowerCase()),
  };
}

function vlanTable(sw: JsonObject): VlanTableEntry[] | null {
  const v = prop(sw, 'Oem.ClusterLab.Vlans');
  if (!Array.isArray(v)) return null;
  return v.filter(isObject).flatMap((e) => (typeof e.VlanId === 'number' ? [{ id: e.VlanId, name: typeof e.Name === 'string' ? e.Name : null }] : []));
}

/** Every port but `port` → its VLANs as text ("untagged 10, tagged 20 30"). */
function othersOf(v: SwitchVlansView, port: string): Map<string, string> {
  return new Map(v.ports.filter((p) => p.port !== port).map((p) => [p.port, `untagged ${p.untagged ?? 'none'}, tagged ${list(p.tagged)}`]));
}
