/**
 * Collections read with `$expand`: against the cluster emulator (which advertises ExpandQuery),
 * every cluster capability reads exactly what it reads member by member (`expand: false`) in a
 * handful of requests; against a service that ignores the query (bare links back) or refuses it
 * (501), members are read one by one and a refusing service is not asked again.
 */
import test from 'ava';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScaledClock } from '../../lib/clock.ts';
import { loadClusterConfig } from '../../simulators/cluster/config/load.ts';
import { ClusterModel } from '../../simulators/cluster/model/cluster.ts';
import { startClusterServices } from '../../simulators/cluster/redfish/services.ts';
import { clusterCapabilities } from './capabilities/cluster/index.ts';
import { RedfishClient } from './client.ts';
import { expandQuery, readMembers } from './expand.ts';

const ACCOUNT = { user: 'admin', password: 'expand-test-pw' };

test('expandQuery: "." needs NoLinks; the Links of members need ExpandAll, Levels and MaxLevels >= 2', (t) => {
  const root = (q: unknown) => ({ ProtocolFeaturesSupported: { ExpandQuery: q } });
  t.is(expandQuery({}, false), null);
  t.is(expandQuery(root({ NoLinks: true }), false), '.($levels=1)');
  t.is(expandQuery(root({ ExpandAll: true, Levels: true }), false), null);
  t.is(expandQuery(root({ ExpandAll: true, Levels: true, MaxLevels: 2 }), true), '*($levels=2)');
  t.is(expandQuery(root({ ExpandAll: true, Levels: true }), true), null, 'MaxLevels absent = 1');
  t.is(expandQuery(root({ ExpandAll: true, Levels: false, MaxLevels: 3 }), true), null);
});

type Reads = Record<string, () => Promise<unknown>>;

function readsOn(client: RedfishClient, device: string, kind: string): Reads {
  const c = clusterCapabilities(client, { device });
  const by: Record<string, Reads> = {
    'ethernet-switch': { VlanControl: () => c.VlanControl.read() },
    'fc-switch': { ZoneControl: () => c.ZoneControl.read(), FabricLogins: () => c.FabricLogins.read() },
    array: { LunMapping: () => c.LunMapping.read() },
    'partition-manager': { PartitionControl: () => c.PartitionControl.read() },
    server: { ServerInventory: () => c.ServerInventory.read() },
  };
  return by[kind] ?? {};
}

test('every cluster capability reads the same with $expand as member by member, in a few requests', async (t) => {
  const model = new ClusterModel(loadClusterConfig(), new ScaledClock(1000), []);
  const services = await startClusterServices(model, { bind: '127.0.0.1', account: ACCOUNT, timeScale: 1000 });
  t.teardown(() => services.close());
  const steady: Record<string, [number, number]> = {};
  for (const dev of services.devices.filter((d) => ['sw1', 'fcA', 'array1', 'pm1', 'srv01'].includes(d.name))) {
    const counts = [0, 0];
    const clients = [true, false].map((expand, i) => {
      const c = new RedfishClient({ baseUrl: dev.redfish, auth: { mode: 'basic', username: ACCOUNT.user, password: ACCOUNT.password }, expand, onCall: () => void (counts[i] = (counts[i] ?? 0) + 1) });
      t.teardown(() => c.close());
      return c;
    });
    const [withExpand, oneByOne] = clients.map((c) => readsOn(c, dev.name, dev.kind)) as [Reads, Reads];
    for (const [cap, read] of Object.entries(withExpand)) {
      const plain = oneByOne[cap] as () => Promise<unknown>;
      t.deepEqual(await read(), await plain(), `${dev.name} ${cap}`);
      counts.fill(0);
      t.deepEqual(await read(), await plain(), `${dev.name} ${cap}, again`);
      steady[`${dev.name} ${cap}`] = [counts[0] ?? 0, counts[1] ?? 0];
    }
  }
  t.deepEqual(steady, {
    'sw1 VlanControl': [3, 102],
    'fcA ZoneControl': [2, 11],
    'fcA FabricLogins': [3, 37],
    'array1 LunMapping': [6, 26],
    'pm1 PartitionControl': [3, 11],
    'srv01 ServerInventory': [12, 22],
  });
});

/** A service advertising ExpandQuery that ignores `$expand` (`mode: 'ignore'`) or refuses it with 501. */
async function peer(t: { teardown(fn: () => void): void }, mode: 'ignore' | 'refuse'): Promise<{ url: string; asked: string[] }> {
  const asked: string[] = [];
  const send = (res: http.ServerResponse, status: number, body: unknown): void => void res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    asked.push(url);
    if (url === '/redfish/v1/' || url === '/redfish/v1') return send(res, 200, { '@odata.id': '/redfish/v1', ProtocolFeaturesSupported: { ExpandQuery: { NoLinks: true } } });
    if (url.includes('$expand') && mode === 'refuse') return send(res, 501, { error: { code: 'Base.1.8.QueryNotSupported', message: 'no' } });
    const path = url.split('?')[0];
    const page1 = { Members: [{ '@odata.id': '/redfish/v1/Things/a' }, { '@odata.id': '/redfish/v1/Things/b' }], 'Members@odata.nextLink': '/redfish/v1/Things?page=2' };
    if (path === '/redfish/v1/Things') return send(res, 200, url.includes('page=2') ? { Members: [{ '@odata.id': '/redfish/v1/Things/c', Id: 'c' }] } : page1);
    const m = /^\/redfish\/v1\/Things\/(\w)$/.exec(url);
    if (m) return send(res, 200, { '@odata.id': url, Id: m[1] });
    return send(res, 404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, asked };
}

test('a service that answers bare links to $expand: those members are read one by one, expanded ones kept, pages followed', async (t) => {
  const p = await peer(t, 'ignore');
  const client = new RedfishClient({ baseUrl: p.url });
  t.teardown(() => client.close());
  const got = await readMembers(client, '/redfish/v1/Things');
  t.deepEqual(got.map((m) => [m.path, m.body.Id]), [['/redfish/v1/Things/a', 'a'], ['/redfish/v1/Things/b', 'b'], ['/redfish/v1/Things/c', 'c']]);
  t.deepEqual(p.asked.filter((u) => u.startsWith('/redfish/v1/Things')), ['/redfish/v1/Things?$expand=.($levels=1)', '/redfish/v1/Things?page=2', '/redfish/v1/Things/a', '/redfish/v1/Things/b']);
});

test('a service that refuses $expand (501): read member by member, and not asked for $expand again', async (t) => {
  const p = await peer(t, 'refuse');
  const client = new RedfishClient({ baseUrl: p.url });
  t.teardown(() => client.close());
  for (let i = 0; i < 2; i++) t.deepEqual((await readMembers(client, '/redfish/v1/Things')).map((m) => m.body.Id), ['a', 'b', 'c']);
  t.is(p.asked.filter((u) => u.includes('$expand')).length, 1);
  t.false(client.expand);
});
