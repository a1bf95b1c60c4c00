/**
 * The same sensors in both views of an emulated ft server: the Redfish driver's SensorReader
 * (Chassis/{id}/Sensors over HTTP) and the IPMI driver's SensorReader (SDR repository + Get Sensor
 * Reading over RMCP+) read the same names and values, before and after a model change; and
 * `ftlab bmc --redfish URL sensors` lists them.
 */
import test, { type ExecutionContext } from 'ava';
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { SensorReading } from '../../drivers/capabilities/sensors.ts';
import { ipmiCapabilities } from '../../drivers/ipmi/capabilities.ts';
import { IpmiClient } from '../../drivers/ipmi/client.ts';
import { RedfishSensorReader } from '../../drivers/redfish/capabilities/index.ts';
import { RedfishClient as DriverClient } from '../../drivers/redfish/client.ts';
import { RedfishDiscovery } from '../../drivers/redfish/discovery.ts';
import { waitFor } from '../../lib/deadline.ts';
import { startIpmiFor } from './ipmi-adapter.ts';
import { loadDefaultProfile } from './profile.ts';
import { startFtServer } from './server.ts';
import { RedfishClient } from './testing/client.ts';
import { ENCLOSURE, moduleUri } from './uris.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const PASSWORD = 'ft-Secret-1';

async function setup(t: ExecutionContext) {
  const profile = { ...loadDefaultProfile(), power: { bootMs: 100, shutdownMs: 100 } };
  const ft = await startFtServer({ port: 0, profile, timeScale: 50, accounts: [{ user: 'admin', password: PASSWORD, role: 'Administrator' }] });
  const ipmi = await startIpmiFor(ft, { host: '127.0.0.1', port: 0, user: 'admin', password: PASSWORD });
  const client = await IpmiClient.connect({ host: '127.0.0.1', port: ipmi.server.port, user: 'admin', password: PASSWORD, keepAliveMs: 0 });
  t.teardown(async () => {
    await client.close().catch(() => undefined);
    await ipmi.close();
    await ft.close();
  });
  const rfDriver = new DriverClient({ baseUrl: ft.redfishUrl, auth: { mode: 'basic', username: 'admin', password: PASSWORD } });
  const redfish = new RedfishSensorReader(rfDriver, new RedfishDiscovery(rfDriver));
  const ipmiReader = ipmiCapabilities(client).SensorReader;
  return { ft, redfish, ipmiReader, rf: new RedfishClient(ft.redfishUrl, 'admin', PASSWORD) };
}

const byName = (list: SensorReading[]): Map<string, SensorReading> => new Map(list.map((r) => [r.name, r]));

function sameReadings(t: ExecutionContext, viaRedfish: SensorReading[], viaIpmi: SensorReading[]): void {
  const rf = byName(viaRedfish);
  const ip = byName(viaIpmi);
  t.is(rf.size, viaRedfish.length, 'Redfish lists each sensor once');
  t.deepEqual([...rf.keys()].sort(), [...ip.keys()].sort(), 'same sensor names');
  for (const [name, r] of rf) {
    const i = ip.get(name);
    if (!i) continue; // reported by the name comparison above
    t.is(r.value, i.value, `${name}: same value`);
    if (r.value !== null) t.is(r.status, i.status, `${name}: same threshold status`);
  }
}

test('the Redfish and IPMI SensorReaders read the same names and values, and follow the model alike', async (t) => {
  const { ft, redfish, ipmiReader } = await setup(t);
  await waitFor('system duplex', 20_000, async () => (ft.model.ftState() === 'Duplex' ? true : undefined), { intervalMs: 20 });
  const [r1, i1] = [await redfish.read(), await ipmiReader.read()];
  t.true(r1.length >= 10, `${r1.length} sensors`);
  sameReadings(t, r1, i1);
  const inlet = byName(r1).get('Inlet Temp');
  t.like(inlet, { value: 24, unit: 'Cel', type: 'Temperature', status: 'ok' });
  t.like(byName(r1).get('Module1 Power'), { value: 360, unit: 'W', type: 'Power' });

  ft.model.pullModule(1);
  const [r2, i2] = [await redfish.read(), await ipmiReader.read()];
  sameReadings(t, r2, i2);
  t.is(byName(r2).get('Module1 Power')?.value, 0, 'a pulled module draws nothing');
  t.is(byName(r2).get('CPU1 Temp')?.value, null, 'a pulled module has no temperature reading');
  t.is(byName(i2).get('CPU1 Temp')?.status, 'na');
  t.deepEqual(byName(i2).get('Module1 Presence')?.assertedStates, ['Device Removed / Device Absent']);
});

test('Sensor resources: ReadingType, Reading, ReadingUnits, Thresholds, Status; Chassis link their Sensors', async (t) => {
  const { ft, rf } = await setup(t);
  const enclosure = await rf.get<{ Sensors: { '@odata.id': string } }>(ENCLOSURE);
  t.is(enclosure.Sensors['@odata.id'], `${ENCLOSURE}/Sensors`);
  const module0 = await rf.get<{ Sensors: { '@odata.id': string } }>(moduleUri(0));
  const members = (await rf.get<{ Members: Array<{ '@odata.id': string }> }>(module0.Sensors['@odata.id'])).Members.map((m) => m['@odata.id']);
  t.true(members.includes(`${moduleUri(0)}/Sensors/CPU0Temp`), members.join(', '));
  const temp = await rf.get<Record<string, unknown>>(`${moduleUri(0)}/Sensors/CPU0Temp`);
  t.like(temp, {
    '@odata.type': '#Sensor.v1_9_0.Sensor',
    Id: 'CPU0Temp',
    Name: 'CPU0 Temp',
    ReadingType: 'Temperature',
    ReadingUnits: 'Cel',
    Thresholds: { UpperCaution: { Reading: 85 }, UpperCritical: { Reading: 95 } },
    Status: { State: 'Enabled', Health: 'OK' },
    Oem: { FtLab: { SensorNumber: 0x63, SensorType: 'Temperature' } },
  });
  t.is(typeof temp.Reading, 'number');
  const redundancy = await rf.get<Record<string, unknown>>(`${ENCLOSURE}/Sensors/LockstepRedund`);
  t.is(redundancy.Reading, null);
  await waitFor('system duplex', 20_000, async () => (ft.model.ftState() === 'Duplex' ? true : undefined), { intervalMs: 20 });
  t.like(await rf.get(`${ENCLOSURE}/Sensors/LockstepRedund`), { Status: { Health: 'OK' }, Oem: { FtLab: { AssertedStates: ['Fully Redundant'] } } });
  ft.model.pullModule(0);
  t.like(await rf.get(`${ENCLOSURE}/Sensors/LockstepRedund`), { Status: { Health: 'Warning' }, Oem: { FtLab: { AssertedStates: ['Redundancy Lost'] } } });
});

test('`ftlab bmc --redfish URL sensors` lists the sensors', async (t) => {
  const { ft } = await setup(t);
  const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'bin/ftlab.js'), 'bmc', '--redfish', ft.redfishUrl, '--user', 'admin', 'sensors'],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', FTLAB_PASSWORD: PASSWORD }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
  t.is(out.code, 0, out.stderr);
  t.notRegex(out.stdout, /no sensors/);
  t.regex(out.stdout, /Inlet Temp/);
  t.regex(out.stdout, /Module0 Power/);
  t.regex(out.stdout, /Lockstep Redund/);
});
