/**
 * Against DMTF's own Redfish-Mockup-Server (static, no auth, 204 on POST, actions that change
 * nothing), started through scripts/dmtf-mockup-server.sh from the checkout named by
 * DMTF_MOCKUP_SERVER. Without that variable the test is registered as skipped, saying why.
 */
import test from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { at } from '../../lib/checked.ts';
import { waitFor } from '../../lib/deadline.ts';
import { RedfishClient } from './client.ts';
import { RedfishDiscovery } from './discovery.ts';
import { ActionValidationError, PowerStateNotReachedError } from './errors.ts';
import { probeRedfishCapabilities, redfishCapabilities, requestAndWait, waitForPowerState } from './capabilities/index.ts';
import { parseSystem } from './views.ts';

const checkout = process.env.DMTF_MOCKUP_SERVER;
const SCRIPT = path.join(path.dirname(new URL(import.meta.url).pathname), '../../scripts/dmtf-mockup-server.sh');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function startMockupServer(dir: string): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn('bash', [SCRIPT, dir, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  let exited: number | null = null;
  const exit = new Promise<void>((resolve) =>
    child.on('exit', (code) => {
      exited = code ?? -1;
      resolve();
    }),
  );
  const stop = async (): Promise<void> => {
    if (exited === null) {
      child.kill('SIGTERM');
      await exit;
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const probe = new RedfishClient({ baseUrl: url, retries: 0, timeoutMs: 1000 });
  try {
    await waitFor(
      'DMTF mockup server answers GET /redfish/v1',
      20_000,
      async () => {
        if (exited !== null) throw new Error(`scripts/dmtf-mockup-server.sh exited with ${String(exited)}:\n${output}`);
        return probe.getJson('/redfish/v1').then(
          () => true,
          () => undefined,
        );
      },
      { intervalMs: 100, describeLast: () => output.slice(-500) },
    );
  } catch (e) {
    await stop();
    throw e;
  } finally {
    await probe.close();
  }
  return { url, child, stop };
}

if (!checkout) {
  test.skip('DMTF Redfish-Mockup-Server: skipped because DMTF_MOCKUP_SERVER is unset (set it to a checkout of DMTF/Redfish-Mockup-Server)', () => undefined);
} else {
  test('against DMTF Redfish-Mockup-Server: discovery, typed reads, validated and no-op power actions', async (t) => {
    const server = await startMockupServer(checkout);
    t.teardown(() => server.stop());
    const client = new RedfishClient({ baseUrl: server.url, auth: { mode: 'none' } });
    t.teardown(() => client.close());
    const d = new RedfishDiscovery(client);

    // discovery through the collections, nothing hard-coded
    const root = await d.serviceRoot();
    t.truthy(root.redfishVersion);
    t.is(root.ftLab, null);
    const systems = await d.systems();
    t.true(systems.length >= 1);
    for (const s of systems) t.true(s.startsWith('/redfish/v1/Systems/'));
    const first = at(systems, 0, 'first system of the mockup');
    const sys = parseSystem(await client.getJson(first), first);
    t.is(sys.powerState, 'On');
    t.true((await d.chassis()).length >= 1);
    t.true((await d.managers()).length >= 1);
    t.deepEqual(await d.moduleChassis(), [], 'a rack server has no ft module chassis');

    // every capability that applies, and the reasons for the others
    const { caps, missing } = await probeRedfishCapabilities(client);
    t.truthy(caps.PowerControl);
    t.truthy(caps.SystemHealth);
    t.is(missing.FtState, 'no chassis of ChassisType Module (not a lockstep server)');
    t.like(await caps.SystemHealth!.read(), { powerState: 'On' });
    t.is(missing.FtLabFaultInjection, 'service root has no Oem.FtLab.FaultInjection');
    t.is(missing.WorkloadLocator, 'service root has no Oem.FtLab.Workload');
    const snap = await redfishCapabilities(client).FtState!.snapshot();
    t.is(snap.uri, first);
    t.is(snap.powerState, 'On');
    t.deepEqual(snap.modules, []);
    const sensors = await redfishCapabilities(client).SensorReader!.read();
    t.true(sensors.length > 0);
    t.is(await redfishCapabilities(client).BmcClock!.timeScale(), 1);
    // Log services without LogEntryType (older LogService versions) count as Event logs
    const entries = await redfishCapabilities(client).LogReader!.entries('Event');
    t.true(entries.length > 0);
    t.true(entries.every((e) => e.id !== '' && e.messageId !== ''));

    const power = caps.PowerControl!;
    t.is(await power.state(), 'On');

    // an action value the system does not advertise is refused before anything is posted
    await t.throwsAsync(power.request('PowerCycle'), { instanceOf: ActionValidationError, message: /ResetType: one of On, ForceOff/ });

    // accepted (204), but a static mockup never changes: a SUT failure within the wait, not a hang
    await power.request('ForceOff');
    const e = await t.throwsAsync(waitForPowerState(power, 'Off', { budgetMs: 1500, action: 'ForceOff', intervalMs: 100 }), { instanceOf: PowerStateNotReachedError });
    t.is(e?.message, 'ForceOff accepted but PowerState still On after 1.5 s (expected Off)');
    t.is(e?.actual, 'On');
    await t.throwsAsync(requestAndWait(power, 'GracefulShutdown', { budgetMs: 1000, intervalMs: 100 }), {
      instanceOf: PowerStateNotReachedError,
      message: 'GracefulShutdown accepted but PowerState still On after 1 s (expected Off)',
    });
  });
}
