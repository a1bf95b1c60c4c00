import test from 'ava';
import path from 'node:path';
import type { BmcEvent } from '../../capabilities/event-source.ts';
import { systemClock } from '../../../lib/clock.ts';
import { withDeadline } from '../../../lib/deadline.ts';
import { DeadlineError, FtlabError, InfraError } from '../../../lib/errors.ts';
import { MockupService } from '../../../simulators/redfish/mockup.ts';
import { RedfishClient } from '../client.ts';
import { PowerStateNotReachedError } from '../errors.ts';
import { sendJson, startPeer } from '../testing/peer.ts';
import { expectedPowerState, redfishCapabilities, requestAndWait, waitForPowerState } from './index.ts';

/** A static BMC like DMTF's mockup server: 204 on every POST, PowerState never changes. */
async function staticBmc() {
  return startPeer((req, res) => {
    const routes: Record<string, unknown> = {
      '/redfish/v1': { '@odata.id': '/redfish/v1', Id: 'RootService', Systems: { '@odata.id': '/redfish/v1/Systems' } },
      '/redfish/v1/Systems': { Members: [{ '@odata.id': '/redfish/v1/Systems/S1' }] },
      '/redfish/v1/Systems/S1': {
        Id: 'S1',
        PowerState: 'On',
        Actions: { '#ComputerSystem.Reset': { target: '/redfish/v1/Systems/S1/Actions/ComputerSystem.Reset', 'ResetType@Redfish.AllowableValues': ['On', 'ForceOff', 'GracefulShutdown'] } },
      },
    };
    if (req.method === 'POST') return sendJson(res, 204, undefined);
    const body = routes[req.url];
    return body ? sendJson(res, 200, body) : sendJson(res, 404, {});
  });
}

test('an accepted power action whose state never changes is a SUT failure with the state it stayed in', async (t) => {
  const peer = await staticBmc();
  t.teardown(() => peer.close());
  const client = new RedfishClient({ baseUrl: peer.url });
  t.teardown(() => client.close());
  const power = redfishCapabilities(client).PowerControl!;
  await power.request('ForceOff');
  const e = await t.throwsAsync(waitForPowerState(power, 'Off', { budgetMs: 400, action: 'ForceOff', intervalMs: 50 }), { instanceOf: PowerStateNotReachedError });
  t.is(e?.message, 'ForceOff accepted but PowerState still On after 0.4 s (expected Off)');
  t.false(e instanceof InfraError, 'not an infrastructure error: the SUT failed');
  t.true(e instanceof FtlabError);
  t.deepEqual(
    peer.seen.filter((r) => r.method === 'POST').map((r) => [r.url, r.body]),
    [['/redfish/v1/Systems/S1/Actions/ComputerSystem.Reset', '{"ResetType":"ForceOff"}']],
  );
});

test('the caller deadline wins over the wait budget and keeps its own phase name', async (t) => {
  const peer = await staticBmc();
  t.teardown(() => peer.close());
  const client = new RedfishClient({ baseUrl: peer.url });
  t.teardown(() => client.close());
  const power = redfishCapabilities(client).PowerControl!;
  const e = await t.throwsAsync(
    withDeadline('scenario phase', 200, (signal) => waitForPowerState(power, 'Off', { budgetMs: 60_000, action: 'ForceOff', intervalMs: 20, signal })),
    { instanceOf: DeadlineError },
  );
  t.is(e?.phase, 'scenario phase');
});

test('expected states of actions', (t) => {
  t.is(expectedPowerState('On'), 'On');
  t.is(expectedPowerState('ForceOff'), 'Off');
  t.is(expectedPowerState('GracefulShutdown'), 'Off');
  t.is(expectedPowerState('ForceRestart'), 'On');
  t.is(expectedPowerState('PowerCycle'), 'On');
});

test('against a live mockup (power transitions): ForceOff reaches Off; SSE reports PoweringOff then PoweredOff', async (t) => {
  const dir = path.join(path.dirname(new URL(import.meta.url).pathname), '../../../simulators/redfish/testing/mini-rackmount');
  const mockup = new MockupService({ dir, clock: systemClock, accounts: [{ user: 'admin', password: 'mockup-pw', role: 'Administrator' }], powerDelayMs: 150 });
  const handle = await mockup.service.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => mockup.close());
  const client = new RedfishClient({ baseUrl: handle.url, auth: { mode: 'session', username: 'admin', password: 'mockup-pw' } });
  t.teardown(() => client.close());
  const caps = redfishCapabilities(client);
  const events: BmcEvent[] = [];
  const sub = caps.EventSource!.subscribe({ registryPrefixes: ['ResourceEvent'] }, (e) => events.push(e));
  t.teardown(() => sub.close());
  await sub.ready;
  const power = caps.PowerControl!;
  t.is(await power.state(), 'On');
  await requestAndWait(power, 'ForceOff', { budgetMs: 10_000, intervalMs: 20 });
  t.is(await power.state(), 'Off');
  await withDeadline('power events', 10_000, async (signal) => {
    while (!events.some((e) => e.messageId.endsWith('ResourcePoweredOff'))) await systemClock.sleep(10, signal);
  });
  const ids = events.map((e) => e.messageId.split('.').pop());
  t.true(ids.includes('ResourcePoweringOff'));
  t.true(ids.indexOf('ResourcePoweringOff') < ids.indexOf('ResourcePoweredOff'));
});
