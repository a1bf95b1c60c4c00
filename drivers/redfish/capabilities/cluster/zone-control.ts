/**
 * ZoneControl over Redfish (redfish-model.md §3.1): WWN zones are ZoneOfEndpoints edited with
 * `#Zone.AddEndpoint` / `#Zone.RemoveEndpoint` (with `ZoneETag`: the zone as read), zone sets are
 * ZoneOfZones (the effective one is `Status.State: Enabled`), activated with the OEM action
 * `#<Vendor>Zone.Activate` where the switch offers one. Every write is read back.
 */
import { CapabilityNotSupportedError, WriteNotConfirmedError, type WriteOptions } from '../../../capabilities/cluster-errors.ts';
import type { ZoneControl, ZoneView, ZoningView } from '../../../capabilities/zone-control.ts';
import { at } from '../../../../lib/checked.ts';
import { offeredActions } from '../../actions.ts';
import { linkList } from '../../json.ts';
import { fcFabric, memberWwpns, readZoning, zoneView } from './fc-fabric.ts';
import { type Device, endpointLinks, etagOf, fabricLink, list, normaliseWwpn, sig, write } from './support.ts';

const CAP = 'ZoneControl';

export class RedfishZoneControl implements ZoneControl {
  readonly kind = 'ZoneControl' as const;
  constructor(
    private readonly d: Device,
    private readonly fabric?: string,
  ) {}

  async read(signal?: AbortSignal): Promise<ZoningView> {
    return readZoning(this.d, CAP, await fcFabric(this.d, CAP, this.fabric, signal), signal);
  }

  addMember(zone: string, wwpn: string, opts: WriteOptions = {}): Promise<ZoneView> {
    return this.edit(zone, wwpn, true, opts);
  }

  removeMember(zone: string, wwpn: string, opts: WriteOptions = {}): Promise<ZoneView> {
    return this.edit(zone, wwpn, false, opts);
  }

  async activate(zoneSet: string, opts: WriteOptions = {}): Promise<ZoningView> {
    const f = await fcFabric(this.d, CAP, this.fabric, opts.signal);
    const path = `${fabricLink(this.d, CAP, f, 'Zones')}/${zoneSet}`;
    const body = await this.d.client.getJson(path, sig(opts.signal));
    const action = offeredActions(body).find((a) => a.endsWith('Zone.Activate'));
    if (!action) throw new CapabilityNotSupportedError(CAP, this.d.name, `zone set ${path} offers no Zone.Activate action (it offers: ${list(offeredActions(body))})`);
    const params = opts.ifMatch ? { ZoneETag: opts.ifMatch } : {};
    await write(this.d, `zone set ${zoneSet}`, opts.ifMatch ?? null, () => this.d.client.postAction(path, action, params, sig(opts.signal)));
    const now = await readZoning(this.d, CAP, f, opts.signal);
    const others = now.zoneSets.filter((s) => s.active && s.id !== zoneSet).map((s) => s.id);
    if (now.activeZoneSet !== zoneSet || others.length) {
      throw new WriteNotConfirmedError(this.d.name, path, `active zone set(s): ${list(now.zoneSets.filter((s) => s.active).map((s) => s.id))}, expected ${zoneSet} alone`);
    }
    return now;
  }

  private async edit(zone: string, wwpn: string, add: boolean, opts: WriteOptions): Promise<ZoneView> {
    const f = await fcFabric(this.d, CAP, this.fabric, opts.signal);
    const links = await endpointLinks(this.d, fabricLink(this.d, CAP, f, 'Endpoints'), [wwpn], `ZoneControl ${add ? 'addMember' : 'removeMember'}(${zone}) wwpn`, opts.signal);
    const endpoint = at(links, 0, `endpoint of ${wwpn}`);
    const w = normaliseWwpn(wwpn) ?? wwpn;
    const path = `${fabricLink(this.d, CAP, f, 'Zones')}/${zone}`;
    const body = await this.d.client.getJson(path, sig(opts.signal));
    const before = await memberWwpns(this.d, linkList(body, 'Links.Endpoints'), opts.signal);
    const rest = othersOf(await readZoning(this.d, CAP, f, opts.signal), zone);
    const etag = opts.ifMatch ?? etagOf(body);
    if (before.includes(w) === add && !opts.ifMatch) return zoneView(path, body, before);
    const action = add ? '#Zone.AddEndpoint' : '#Zone.RemoveEndpoint';
    await write(this.d, `zone ${zone}`, etag, () => this.d.client.postAction(path, action, { Endpoint: { '@odata.id': endpoint }, ...(etag ? { ZoneETag: etag } : {}) }, sig(opts.signal)));
    const after = await this.d.client.getJson(path, sig(opts.signal));
    const now = await memberWwpns(this.d, linkList(after, 'Links.Endpoints'), opts.signal);
    const expected = add ? [...new Set([...before, w])].sort() : before.filter((x) => x !== w);
    if (now.join() !== expected.join()) throw new WriteNotConfirmedError(this.d.name, path, `members ${list(now)}, expected ${list(expected)}`);
    const restNow = othersOf(await readZoning(this.d, CAP, f, opts.signal), zone);
    if (restNow !== rest) throw new WriteNotConfirmedError(this.d.name, path, `other zones or zone sets changed too: ${rest} → ${restNow}`);
    return zoneView(path, after, now);
  }
}

/** Every zone but `zone` and every zone set, as one comparable text. */
function othersOf(z: ZoningView, zone: string): string {
  return JSON.stringify([z.zones.filter((x) => x.id !== zone).map((x) => [x.id, x.members]), z.zoneSets.map((s) => [s.id, s.zones, s.active]), z.defaultRouting]);
}
