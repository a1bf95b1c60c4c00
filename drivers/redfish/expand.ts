/**
 * Every member of a collection with its body, in as few requests as the service allows: one GET
 * with `$expand` (DSP0266 "Query parameters") when the service root advertises it in
 * ProtocolFeaturesSupported.ExpandQuery, else a GET per member. A sampler reading a 48-port switch
 * ten times a second makes ~1,000 requests a second without it, one per reading with it: less load
 * on the BMC, less CPU here, and a reading that is one snapshot instead of 48.
 *
 * `links: true` also wants each member's related resources (`Links`, e.g. a switch port's VLAN
 * interfaces) inline: `$expand=*($levels=2)`, which needs ExpandAll, Levels and MaxLevels >= 2.
 * Members the answer leaves as bare links (a service that ignores `$expand` for some of them) are
 * read one by one; a service that refuses the query (400, 501) is not asked again (`client.expand`
 * false, also the inventory's `redfish.expand: false` for a BMC whose `$expand` is broken).
 */
import { mapLimit } from '../../lib/map-limit.ts';
import type { RedfishClient } from './client.ts';
import { RedfishHttpError, RedfishProtocolError } from './errors.ts';
import { type JsonObject, isObject, linkOf, normalisePath } from './json.ts';

export interface Member {
  path: string;
  body: JsonObject;
}

/** Member GETs in flight at once when they are read one by one (each holds a listener on the caller's signal). */
export const MEMBER_READS_IN_FLIGHT = 3;

/** The `$expand` value for what the caller wants, or null when the service does not advertise it. */
export function expandQuery(root: JsonObject, links: boolean): string | null {
  const features = isObject(root.ProtocolFeaturesSupported) ? root.ProtocolFeaturesSupported : {};
  const q = isObject(features.ExpandQuery) ? features.ExpandQuery : {};
  if (!links) return q.NoLinks === true ? '.($levels=1)' : null;
  const maxLevels = typeof q.MaxLevels === 'number' ? q.MaxLevels : 1;
  return q.ExpandAll === true && q.Levels === true && maxLevels >= 2 ? '*($levels=2)' : null;
}

/** An expanded member: an object with more than its `@odata.id`. */
function expanded(m: unknown): m is JsonObject {
  return isObject(m) && Object.keys(m).some((k) => k !== '@odata.id');
}

/** Every member of `collection` (following Members@odata.nextLink), each with its body. */
export async function readMembers(client: RedfishClient, collection: string, opts: { signal?: AbortSignal; links?: boolean } = {}): Promise<Member[]> {
  const sig = opts.signal ? { signal: opts.signal } : {};
  const query = !client.expand ? null : expandQuery(await client.serviceRoot(opts.signal), opts.links === true);
  if (query === null) return byOne(client, await client.members(collection, sig), sig);
  const out: Array<Member | string> = [];
  try {
    await client.forEachPage(`${collection}?$expand=${query}`, sig, (page, at) => out.push(...membersOf(page, at)));
  } catch (e) {
    if (!(e instanceof RedfishHttpError) || (e.status !== 400 && e.status !== 501) || out.length > 0) throw e;
    client.expand = false;
    client.log.info('redfish service refused $expand; reading members one by one', { collection, status: e.status });
    return byOne(client, await client.members(collection, sig), sig);
  }
  const bare = out.filter((m): m is string => typeof m === 'string');
  const read = new Map((await byOne(client, bare, sig)).map((m) => [m.path, m]));
  return out.map((m) => (typeof m === 'string' ? (read.get(m) as Member) : m));
}

/** A page's members: expanded ones with their body, bare links as paths to read. */
function membersOf(page: JsonObject, at: string): Array<Member | string> {
  const members = page.Members;
  if (!Array.isArray(members)) throw new RedfishProtocolError(at, 'Members', 'expected an array of members (is this a collection?)');
  return members.map((m) => {
    const link = linkOf(m);
    if (!link) throw new RedfishProtocolError(at, 'Members', 'expected every member to carry its "@odata.id"');
    return expanded(m) ? { path: normalisePath(link), body: m } : normalisePath(link);
  });
}

function byOne(client: RedfishClient, paths: readonly string[], sig: { signal?: AbortSignal }): Promise<Member[]> {
  return mapLimit(paths, MEMBER_READS_IN_FLIGHT, async (path) => ({ path, body: await client.getJson(path, sig) }));
}

/** The bodies of the links at `links` (a list of `{"@odata.id"}`): inline when expanded, else read one by one. */
export async function linkedBodies(client: RedfishClient, links: unknown, signal?: AbortSignal): Promise<Member[]> {
  const list = Array.isArray(links) ? links : [];
  const sig = signal ? { signal } : {};
  return Promise.all(
    list.flatMap((l) => {
      const path = linkOf(l);
      if (!path) return [];
      return [expanded(l) ? Promise.resolve({ path: normalisePath(path), body: l }) : client.getJson(path, sig).then((body) => ({ path: normalisePath(path), body }))];
    }),
  );
}
