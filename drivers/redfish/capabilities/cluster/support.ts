/**
 * What the cluster capabilities share: a device label for messages, the mapping of refused writes
 * to typed errors, "not supported" when the service lacks a resource, collection and fabric
 * look-ups, WWPN forms, and the If-Match of a write.
 */
import { CapabilityNotSupportedError, ChangeRefusedError, ConcurrentChangeError } from '../../../capabilities/cluster-errors.ts';
import { ConfigError } from '../../../../lib/errors.ts';
import { mapLimit } from '../../../../lib/map-limit.ts';
import type { RedfishClient } from '../../client.ts';
import { MEMBER_READS_IN_FLIGHT, type Member, readMembers as readExpanded } from '../../expand.ts';
import { RedfishHttpError, RedfishNotFoundError, RedfishProtocolError } from '../../errors.ts';
import { type JsonObject, isObject, linkOf, optString } from '../../json.ts';

type Sig = { signal?: AbortSignal };

/** A client and the name of the device behind it (for messages; default: its base URL). */
export interface Device {
  client: RedfishClient;
  name: string;
}

export function device(client: RedfishClient, name?: string): Device {
  return { client, name: name ?? client.baseUrl };
}

export const sig = (signal?: AbortSignal): Sig => (signal ? { signal } : {});

/** The link a service root (or any resource) gives for `prop`, or CapabilityNotSupportedError. */
export async function requiredLink(d: Device, capability: string, prop: string, signal?: AbortSignal): Promise<string> {
  const root = await d.client.serviceRoot(signal);
  const link = linkOf(root[prop]);
  if (!link) throw new CapabilityNotSupportedError(capability, d.name, `the service root has no ${prop}`);
  return link;
}

/** `fn` over `items`, MEMBER_READS_IN_FLIGHT at a time, in order: for reads fanned out per member. */
export function eachLimited<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  return mapLimit(items, MEMBER_READS_IN_FLIGHT, fn);
}

/** Every member of a collection, read (one `$expand` GET where the service offers it; `links`: their Links inline too). */
export function readMembers(d: Device, collection: string, signal?: AbortSignal, opts: { links?: boolean } = {}): Promise<Member[]> {
  return readExpanded(d.client, collection, { ...sig(signal), ...opts });
}

/** Fabrics of one FabricType (FC, Ethernet); CapabilityNotSupportedError when there are none. */
export async function fabricsOfType(d: Device, capability: string, type: string, signal?: AbortSignal): Promise<Array<{ path: string; body: JsonObject }>> {
  const fabrics = await requiredLink(d, capability, 'Fabrics', signal);
  const found = (await readMembers(d, fabrics, signal)).filter((f) => f.body.FabricType === type);
  if (found.length === 0) throw new CapabilityNotSupportedError(capability, d.name, `no Fabric of FabricType ${type}`);
  return found;
}

/** A fabric's sub-collection link (`Zones`, `Connections`, ...), or CapabilityNotSupportedError. */
export function fabricLink(d: Device, capability: string, fabric: { path: string; body: JsonObject }, prop: string): string {
  const link = linkOf(fabric.body[prop]);
  if (!link) throw new CapabilityNotSupportedError(capability, d.name, `Fabric ${fabric.path} has no ${prop}`);
  return link;
}

/** A WWPN in the colon form, lower case; null when `v` is not 16 hex digits (with or without separators). */
export function normaliseWwpn(v: string): string | null {
  const hex = v.replace(/[:-]/g, '').toLowerCase();
  return /^[0-9a-f]{16}$/.test(hex) ? (hex.match(/../g) ?? []).join(':') : null;
}

/** The FC_WWN identifier of an Endpoint (or a 16-hex-digit Id). */
export function endpointWwpn(body: JsonObject, path: string): string {
  const ids = Array.isArray(body.Identifiers) ? body.Identifiers : [];
  const fc = ids.find((i): i is JsonObject => isObject(i) && i.DurableNameFormat === 'FC_WWN' && typeof i.DurableName === 'string');
  const w = normaliseWwpn(typeof fc?.DurableName === 'string' ? fc.DurableName : (optString(body, 'Id') ?? ''));
  if (!w) throw new RedfishProtocolError(path, 'Identifiers', 'expected an FC_WWN identifier (8 hex octets)');
  return w;
}

/** The WWPN a link to an Endpoint names by its last segment (16 hex digits), without reading it. */
export function wwpnOfLink(link: string): string | null {
  return normaliseWwpn(link.slice(link.lastIndexOf('/') + 1));
}

/** The `@odata.etag` of a resource body (a key with a dot: not reachable through the dotted accessors). */
export function etagOf(body: JsonObject): string | null {
  const e = body['@odata.etag'];
  return typeof e === 'string' ? e : null;
}

/**
 * Run a write; HTTP refusals become typed errors naming device and resource: 412 →
 * ConcurrentChangeError, 400/404/405/409 → ChangeRefusedError with the device's reason.
 */
export async function write<T>(d: Device, resource: string, etag: string | null, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof RedfishHttpError)) throw e;
    if (e.status === 412) throw new ConcurrentChangeError(d.name, resource, etag, { cause: e });
    if ([400, 404, 405, 409].includes(e.status) || e instanceof RedfishNotFoundError) {
      const info = e.extendedInfo[0];
      const reason = info ? (info.messageArgs.length === 1 ? (info.messageArgs[0] ?? info.message) : info.message || info.messageArgs.join(', ')) : e.message;
      throw new ChangeRefusedError(d.name, resource, e.status, e.messageId, reason, { cause: e });
    }
    throw e;
  }
}

/** DELETE, conditional on `etag` when one is given. */
export function deleteIfMatch(d: Device, path: string, etag: string | null, signal?: AbortSignal): Promise<unknown> {
  return d.client.request('DELETE', path, { ...(etag ? { headers: { 'If-Match': etag } } : {}), ...sig(signal) });
}

/**
 * Links to the Endpoints of these WWPNs in `collection`: a listed member when there is one (logged
 * in, or pre-defined), else the collection + the WWPN's 16 hex digits (how this lab, like a Brocade
 * alias, names an endpoint that is not logged in yet). `where` names the caller for a bad WWPN.
 */
export async function endpointLinks(d: Device, collection: string, wwpns: readonly string[], where: string, signal?: AbortSignal): Promise<string[]> {
  const known = await readMembers(d, collection, signal);
  return wwpns.map((w) => {
    const wwpn = normaliseWwpn(w);
    if (!wwpn) throw new ConfigError(where, 'a WWPN (8 hex octets)', { found: w });
    const hit = known.find((e) => wwpnOfLink(e.path) === wwpn || JSON.stringify(e.body.Identifiers ?? '').toLowerCase().includes(wwpn));
    return hit ? hit.path : `${collection}/${wwpn.replaceAll(':', '')}`;
  });
}

/** Sorted copy. */
export const sorted = <T>(xs: Iterable<T>): T[] => [...xs].sort();

/** "a, b" or "none", for differences in messages. */
export const list = (xs: readonly unknown[]): string => (xs.length ? xs.map(String).join(', ') : 'none');
