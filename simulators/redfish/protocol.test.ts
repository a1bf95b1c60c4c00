/** Protocol behaviour DMTF's protocol validator checks (issue 9 item 2), over real HTTP. */
import test from 'ava';
import { connect } from 'node:net';
import { withDeadline } from '../../lib/deadline.ts';
import { call } from './testing/client.ts';
import { ADMIN, OPERATOR, startLab } from './testing/fixture.ts';

const code = (body: Record<string, unknown>): string => String((body.error as { code: string }).code);

/** One raw request line (node's client refuses methods HTTP does not know). */
function raw(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return withDeadline('raw request', 10_000, () =>
    new Promise<string>((resolve, reject) => {
      const s = connect(Number(port), hostname, () => s.write(text));
      let out = '';
      s.setEncoding('utf8');
      s.on('data', (d: string) => (out += d));
      s.on('end', () => resolve(out));
      s.on('error', reject);
    }),
  );
}

test('an unknown HTTP method is 501; a known one the resource lacks is 405 with Allow', async (t) => {
  const { url } = await startLab(t);
  const reply = await raw(url, 'FOO /redfish/v1/Systems/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  t.regex(reply, /^HTTP\/1\.1 501 /);
  const put = await call(url, 'PUT', '/redfish/v1/Systems/1', { headers: ADMIN, body: {} });
  t.is(put.status, 405);
  t.truthy(put.headers.allow);
});

test('OData-Version other than 4.0 → 412; 4.0 is fine', async (t) => {
  const { url } = await startLab(t);
  t.is((await call(url, 'GET', '/redfish/v1', { headers: { 'OData-Version': '4.1' } })).status, 412);
  t.is((await call(url, 'GET', '/redfish/v1', { headers: { 'OData-Version': '4.0' } })).status, 200);
});

test('a PATCH of only annotations is NoOperation; {} stays EmptyJSON', async (t) => {
  const { url } = await startLab(t);
  const r = await call(url, 'PATCH', '/redfish/v1/Systems/1', { headers: OPERATOR, body: { '@odata.etag': '"x"', 'AssetTag@Redfish.AllowableValues': [] } });
  t.is(r.status, 400);
  t.is(code(r.json()), 'Base.1.22.NoOperation');
  t.is(code((await call(url, 'PATCH', '/redfish/v1/Systems/1', { headers: OPERATOR, body: {} })).json()), 'Base.1.22.EmptyJSON');
});

test('text/plain bodies on PATCH and POST → 415', async (t) => {
  const { url, system } = await startLab(t);
  const patch = await call(url, 'PATCH', '/redfish/v1/Systems/1', { headers: { ...OPERATOR, 'Content-Type': 'text/plain' }, body: '{"AssetTag":"x"}' });
  t.is(patch.status, 415);
  t.is(system.assetTag, 'A1');
  const post = await call(url, 'POST', '/redfish/v1/Systems/1/Actions/ComputerSystem.Reset', { headers: { ...OPERATOR, 'Content-Type': 'text/plain' }, body: 'ResetType=On' });
  t.is(post.status, 415);
  t.deepEqual(system.resets, []);
});

test('unsupported $ query parameters → 501 QueryNotSupported; others are ignored', async (t) => {
  const { url } = await startLab(t);
  const r = await call(url, 'GET', '/redfish/v1/Systems?$apply=x', { headers: ADMIN });
  t.is(r.status, 501);
  t.is(code(r.json()), 'Base.1.22.QueryNotSupported');
  t.is((await call(url, 'GET', '/redfish/v1/Systems?foo=bar', { headers: ADMIN })).status, 200);
});

test('ProtocolFeaturesSupported advertises $select, $expand, $filter, $top/$skip', async (t) => {
  const { url } = await startLab(t);
  const f = (await call(url, 'GET', '/redfish/v1')).json().ProtocolFeaturesSupported as Record<string, unknown>;
  t.is(f.SelectQuery, true);
  t.is(f.FilterQuery, true);
  t.is(f.TopSkipQuery, true);
  t.like(f.ExpandQuery as Record<string, unknown>, { ExpandAll: true, Levels: true, Links: true, NoLinks: true });
});

async function labWithMembers(t: import('ava').ExecutionContext) {
  const lab = await startLab(t);
  for (const [id, power, watts] of [['2', 'Off', 200], ['3', 'On', 300], ['4', 'On', 400]] as const) {
    lab.svc.resource(`/redfish/v1/Systems/${id}`, {
      type: '#ComputerSystem.v1_20_0.ComputerSystem',
      get: () => ({ Id: id, Name: `System ${id}`, PowerState: power, Watts: watts, Status: { State: 'Enabled', Health: id === '4' ? 'Warning' : 'OK' }, Links: { Chassis: [{ '@odata.id': '/redfish/v1/Systems/1' }] } }),
    });
  }
  return lab;
}

const memberIds = (body: Record<string, unknown>): string[] => (body.Members as Array<Record<string, string>>).map((m) => String(m['@odata.id']).split('/').pop() ?? '');

test('$filter on a collection: eq/ne/gt/ge/lt/le, and/or/not, nested properties', async (t) => {
  const { url } = await labWithMembers(t);
  const q = async (f: string): Promise<string[]> => {
    const r = await call(url, 'GET', `/redfish/v1/Systems?$filter=${encodeURIComponent(f)}`, { headers: ADMIN });
    t.is(r.status, 200, f);
    return memberIds(r.json());
  };
  t.deepEqual(await q("PowerState eq 'On'"), ['1', '3', '4']);
  t.deepEqual(await q("PowerState ne 'On'"), ['2']);
  t.deepEqual(await q('Watts gt 200'), ['3', '4']);
  t.deepEqual(await q('Watts ge 200 and Watts lt 400'), ['2', '3']);
  t.deepEqual(await q('Watts le 200 or Status/Health eq Warning'), ['2', '4']);
  t.deepEqual(await q("not (PowerState eq 'On')"), ['2']);
  const r = await call(url, 'GET', `/redfish/v1/Systems?$filter=${encodeURIComponent("PowerState eq 'On'")}`, { headers: ADMIN });
  t.is(r.json()['Members@odata.count'], 3);
  t.is((await call(url, 'GET', `/redfish/v1/Systems?$filter=${encodeURIComponent('PowerState eq')}`, { headers: ADMIN })).status, 400);
  t.is((await call(url, 'GET', `/redfish/v1/Systems/1?$filter=${encodeURIComponent("Id eq '1'")}`, { headers: ADMIN })).status, 400);
});

test('$top and $skip page a collection with a next link', async (t) => {
  const { url } = await labWithMembers(t);
  const r = (await call(url, 'GET', '/redfish/v1/Systems?$top=2&$skip=1', { headers: ADMIN })).json();
  t.deepEqual(memberIds(r), ['2', '3']);
  t.is(r['Members@odata.count'], 4);
  t.regex(String(r['Members@odata.nextLink']), /\$skip=3/);
  t.is((await call(url, 'GET', '/redfish/v1/Systems?$top=x', { headers: ADMIN })).status, 400);
});

test('$select keeps the named properties and the @odata ones', async (t) => {
  const { url } = await startLab(t);
  const r = (await call(url, 'GET', '/redfish/v1/Systems/1?$select=PowerState,Status/Health', { headers: ADMIN })).json();
  t.deepEqual(Object.keys(r).sort(), ['@odata.etag', '@odata.id', '@odata.type', 'PowerState', 'Status']);
  t.deepEqual(r.Status, { Health: 'OK' });
});

test('$expand: . expands subordinate references, ~ only Links, * both; $levels', async (t) => {
  const { url } = await labWithMembers(t);
  const dot = (await call(url, 'GET', '/redfish/v1/Systems?$expand=.', { headers: ADMIN })).json();
  const first = (dot.Members as Array<Record<string, unknown>>)[1];
  t.is(first?.PowerState, 'Off');
  t.deepEqual((first?.Links as { Chassis: unknown[] }).Chassis, [{ '@odata.id': '/redfish/v1/Systems/1' }], 'Links are not expanded by .');
  const tilde = (await call(url, 'GET', '/redfish/v1/Systems/2?$expand=~', { headers: ADMIN })).json();
  t.is(((tilde.Links as { Chassis: Array<Record<string, unknown>> }).Chassis[0])?.Id, '1');
  const star = (await call(url, 'GET', '/redfish/v1/Systems?$expand=*($levels=2)', { headers: ADMIN })).json();
  const m = (star.Members as Array<Record<string, unknown>>)[1];
  t.is(((m?.Links as { Chassis: Array<Record<string, unknown>> }).Chassis[0])?.Id, '1');
  t.is((await call(url, 'GET', '/redfish/v1/Systems?$expand=*($levels=9)', { headers: ADMIN })).status, 400);
});

test('GET names the resource JSON schema in a Link rel=describedby header', async (t) => {
  const { url } = await startLab(t);
  const r = await call(url, 'GET', '/redfish/v1/Systems/1', { headers: ADMIN });
  t.is(r.headers.link, '<http://redfish.dmtf.org/schemas/v1/ComputerSystem.v1_20_0.json>; rel=describedby');
});

test('SubmitTestEvent accepts the older EventType parameter', async (t) => {
  const { url } = await startLab(t);
  const r = await call(url, 'POST', '/redfish/v1/EventService/Actions/EventService.SubmitTestEvent', {
    headers: OPERATOR,
    body: { EventType: 'Alert', MessageId: 'ResourceEvent.1.4.TestMessage' },
  });
  t.is(r.status, 204);
});
