/**
 * LunMapping over Redfish: reads in array-view.ts; writes are PATCH of a Connection's VolumeInfo
 * (If-Match: the connection as read), POST of a new Connection, DELETE of one that maps nothing
 * more, and POST/PATCH/DELETE of EndpointGroups (host groups). Every write is read back: the
 * changed resource must show the change, every other connection must be as it was, and each
 * volume's `Links.ClientEndpoints` (who can reach it now) must match what the masking grants —
 * a deleted mapping that still serves its initiators (a stale mapping) is a WriteNotConfirmedError.
 */
import { ConfigError } from '../../../../lib/errors.ts';
import { WriteNotConfirmedError, type WriteOptions } from '../../../capabilities/cluster-errors.ts';
import type { ConnectionView, HostGroupView, LunMapping, LunMappingView, LunMapRequest } from '../../../capabilities/lun-mapping.ts';
import { maskedPaths } from '../../../../lib/domains/cluster/san.ts';
import { type ArrayPaths, arrayPaths, groupView, readArray } from './array-view.ts';
import { type Device, deleteIfMatch, endpointLinks, list, normaliseWwpn, sig, sorted, write } from './support.ts';
import type { JsonObject } from '../../json.ts';

export class RedfishLunMapping implements LunMapping {
  readonly kind = 'LunMapping' as const;
  constructor(private readonly d: Device) {}

  async read(signal?: AbortSignal): Promise<LunMappingView> {
    return readArray(this.d, await arrayPaths(this.d, signal), signal);
  }

  async map(req: LunMapRequest, opts: WriteOptions = {}): Promise<ConnectionView> {
    const p = await arrayPaths(this.d, opts.signal);
    const before = await readArray(this.d, p, opts.signal);
    if (!before.hostGroups.some((g) => g.id === req.hostGroup)) throw new ConfigError(`LunMapping map: hostGroup`, `a host group of ${before.array} (it has: ${list(before.hostGroups.map((g) => g.id))})`, { found: req.hostGroup });
    const conn = before.connections.find((c) => c.hostGroup === req.hostGroup);
    const luns = [...(conn?.luns ?? []).filter((l) => l.volume !== req.volume), { volume: req.volume, lun: req.lun }];
    const info = volumeInfo(p, luns);
    if (conn) {
      const etag = opts.ifMatch ?? conn.etag;
      await write(this.d, conn.uri, etag, () => this.d.client.patch(conn.uri, { VolumeInfo: info }, { etag: etag ?? false, ...sig(opts.signal) }));
    } else {
      const body = { Id: req.hostGroup, Name: req.hostGroup, ConnectionType: 'Storage', VolumeInfo: info, Links: { InitiatorEndpointGroups: [{ '@odata.id': `${p.groups}/${req.hostGroup}` }] } };
      await write(this.d, p.connections, null, () => this.d.client.post(p.connections, body, sig(opts.signal)));
    }
    const after = await this.confirm(p, before, req.hostGroup, luns, opts.signal);
    const made = after.connections.find((c) => c.hostGroup === req.hostGroup);
    if (!made) throw new WriteNotConfirmedError(this.d.name, p.connections, `no connection for host group ${req.hostGroup}`);
    return made;
  }

  async unmap(req: { hostGroup: string; volume: string }, opts: WriteOptions = {}): Promise<void> {
    const p = await arrayPaths(this.d, opts.signal);
    const before = await readArray(this.d, p, opts.signal);
    const conn = before.connections.find((c) => c.hostGroup === req.hostGroup && c.luns.some((l) => l.volume === req.volume));
    if (!conn) return;
    const luns = conn.luns.filter((l) => l.volume !== req.volume);
    const etag = opts.ifMatch ?? conn.etag;
    if (luns.length === 0) {
      await write(this.d, conn.uri, etag, () => deleteIfMatch(this.d, conn.uri, etag, opts.signal));
    } else {
      await write(this.d, conn.uri, etag, () => this.d.client.patch(conn.uri, { VolumeInfo: volumeInfo(p, luns) }, { etag: etag ?? false, ...sig(opts.signal) }));
    }
    await this.confirm(p, before, req.hostGroup, luns, opts.signal);
  }

  async createHostGroup(id: string, initiators: readonly string[], opts: WriteOptions = {}): Promise<HostGroupView> {
    const p = await arrayPaths(this.d, opts.signal);
    const body = { Id: id, Name: id, GroupType: 'Initiator', Links: { Endpoints: await links(this.d, p, initiators, opts.signal) } };
    await write(this.d, p.groups, null, () => this.d.client.post(p.groups, body, sig(opts.signal)));
    return this.confirmGroup(p, id, initiators, opts.signal);
  }

  async setHostGroupInitiators(id: string, initiators: readonly string[], opts: WriteOptions = {}): Promise<HostGroupView> {
    const p = await arrayPaths(this.d, opts.signal);
    const uri = `${p.groups}/${id}`;
    const etag = opts.ifMatch ?? (await groupView(this.d, uri, await this.d.client.getJson(uri, sig(opts.signal)), opts.signal)).etag;
    const endpoints = await links(this.d, p, initiators, opts.signal);
    await write(this.d, uri, etag, () => this.d.client.patch(uri, { Links: { Endpoints: endpoints } }, { etag: etag ?? false, ...sig(opts.signal) }));
    return this.confirmGroup(p, id, initiators, opts.signal);
  }

  async deleteHostGroup(id: string, opts: WriteOptions = {}): Promise<void> {
    const p = await arrayPaths(this.d, opts.signal);
    const uri = `${p.groups}/${id}`;
    const etag = opts.ifMatch ?? null;
    await write(this.d, uri, etag, () => deleteIfMatch(this.d, uri, etag, opts.signal));
    const left = await this.d.client.members(p.groups, sig(opts.signal));
    if (left.includes(uri)) throw new WriteNotConfirmedError(this.d.name, uri, 'the host group is still listed after its deletion');
  }

  /** Read back after a masking change of `group` (its connection should now map exactly `luns`). */
  private async confirm(p: ArrayPaths, before: LunMappingView, group: string, luns: Array<{ volume: string; lun: number }>, signal?: AbortSignal): Promise<LunMappingView> {
    const after = await readArray(this.d, p, signal);
    const shown = after.connections.filter((c) => c.hostGroup === group).flatMap((c) => c.luns);
    const key = (xs: Array<{ volume: string; lun: number }>): string => sorted(xs.map((l) => `${l.volume}@${l.lun}`)).join(', ') || 'nothing';
    if (key(shown) !== key(luns)) throw new WriteNotConfirmedError(this.d.name, `${p.connections} (host group ${group})`, `it maps ${key(shown)}, expected ${key(luns)}`);
    const others = (v: LunMappingView): string => JSON.stringify(sorted(v.connections.filter((c) => c.hostGroup !== group).map((c) => `${c.id}:${c.hostGroup}:${key(c.luns)}`)));
    if (others(after) !== others(before)) throw new WriteNotConfirmedError(this.d.name, p.connections, `other connections changed too: ${others(before)} → ${others(after)}`);
    const touched = new Set([...before.connections, ...after.connections].filter((c) => c.hostGroup === group).flatMap((c) => c.luns.map((l) => l.volume)));
    checkReach(this.d.name, after, touched);
    return after;
  }

  private async confirmGroup(p: ArrayPaths, id: string, initiators: readonly string[], signal?: AbortSignal): Promise<HostGroupView> {
    const uri = `${p.groups}/${id}`;
    const g = await groupView(this.d, uri, await this.d.client.getJson(uri, sig(signal)), signal);
    const want = sorted(initiators.map((w) => normaliseWwpn(w) ?? w));
    if (g.initiators.join() !== want.join()) throw new WriteNotConfirmedError(this.d.name, uri, `initiators ${list(g.initiators)}, expected ${list(want)}`);
    const now = await readArray(this.d, p, signal);
    checkReach(this.d.name, now, new Set(now.connections.filter((c) => c.hostGroup === id).flatMap((c) => c.luns.map((l) => l.volume))));
    return g;
  }
}

function volumeInfo(p: ArrayPaths, luns: ReadonlyArray<{ volume: string; lun: number }>): JsonObject[] {
  return luns.map((l) => ({ Volume: { '@odata.id': `${p.volumes}/${l.volume}` }, LUN: l.lun, AccessCapabilities: ['Read', 'Write'] }));
}

async function links(d: Device, p: ArrayPaths, wwpns: readonly string[], signal?: AbortSignal): Promise<Array<{ '@odata.id': string }>> {
  return (await endpointLinks(d, p.endpoints, wwpns, 'LunMapping host group initiators', signal)).map((l) => ({ '@odata.id': l }));
}

/** Each of `volumes` must be reachable from exactly the initiators the masking view grants (where the array reports it). */
function checkReach(device: string, v: LunMappingView, volumes: ReadonlySet<string>): void {
  const granted = maskedPaths(v);
  for (const vol of v.volumes) {
    if (vol.reachableFrom === null || !volumes.has(vol.id)) continue;
    const want = sorted(new Set(granted.filter((g) => g.volume === vol.id).map((g) => g.initiator)));
    const extra = vol.reachableFrom.filter((w) => !want.includes(w));
    const missing = want.filter((w) => !vol.reachableFrom?.includes(w));
    if (extra.length || missing.length) {
      const parts = [extra.length ? `still reachable from ${list(extra)} though no connection maps it to them` : '', missing.length ? `not reachable from ${list(missing)} though mapped` : ''];
      throw new WriteNotConfirmedError(device, vol.uri, `volume ${vol.id} is ${parts.filter(Boolean).join('; and ')}`);
    }
  }
}
