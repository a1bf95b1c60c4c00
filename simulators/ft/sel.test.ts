/**
 * One SEL on both protocols of an emulated ft server: entry counts agree, records added over IPMI
 * show in Redfish, and a clear on either side (IPMI Clear SEL, Redfish LogService.ClearLog) empties
 * both. Real peers: ipmitool over UDP, Redfish over HTTP, on 127.0.0.1.
 */
import test, { type ExecutionContext } from 'ava';
import { waitFor } from '../../lib/deadline.ts';
import { startIpmiFor } from './ipmi-adapter.ts';
import { ipmitool, makePeerHome, type Login } from '../ipmi/testing/peers.ts';
import { loadDefaultProfile } from './profile.ts';
import { startFtServer } from './server.ts';
import { RedfishClient } from './testing/client.ts';
import { SYSTEM_SEL } from './uris.ts';

interface Collection {
  Members: Array<{ '@odata.id': string }>;
  'Members@odata.count': number;
}

async function setup(t: ExecutionContext, withIpmi = true) {
  const profile = { ...loadDefaultProfile(), power: { bootMs: 100, shutdownMs: 100 } };
  const ft = await startFtServer({ port: 0, profile, timeScale: 50, accounts: [{ user: 'admin', password: 'ft-Secret-1', role: 'Administrator' }] });
  const ipmi = withIpmi ? await startIpmiFor(ft, { host: '127.0.0.1', port: 0, user: 'admin', password: 'ft-Secret-1' }) : undefined;
  const home = makePeerHome();
  t.teardown(async () => {
    await ipmi?.close();
    await ft.close();
    home.cleanup();
  });
  const login: Login = { port: ipmi?.server.port ?? 0, user: 'admin', password: 'ft-Secret-1' };
  const rf = new RedfishClient(ft.redfishUrl, 'admin', 'ft-Secret-1');
  const tool = async (args: string[]): Promise<string> => {
    const r = await ipmitool(home, login, args, { cipher: 17 });
    if (r.code !== 0) throw new Error(`ipmitool ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
    return r.stdout;
  };
  const ipmiCount = async (): Promise<number> => {
    const m = /Entries\s*:\s*(\d+)/.exec(await tool(['sel', 'info']));
    if (!m) throw new Error('ipmitool sel info printed no entry count');
    return Number(m[1]);
  };
  const redfishCount = async (): Promise<number> => (await rf.get<Collection>(`${SYSTEM_SEL}/Entries`))['Members@odata.count'];
  return { ft, rf, tool, ipmiCount, redfishCount };
}

/** Model events that leave SEL records: a CPU error, a PCIe fatal error, a pulled module. */
async function makeEvents(ft: Awaited<ReturnType<typeof startFtServer>>): Promise<void> {
  await waitFor('system duplex', 20_000, async () => (ft.model.ftState() === 'Duplex' ? true : undefined), { intervalMs: 20 });
  ft.model.injectError(1, 'Cpu', 'Transient');
  ft.model.pcieFatalError('M1-NIC0');
  ft.model.pullModule(1);
}

test('IPMI and Redfish count the same SEL entries; records added over IPMI show in Redfish', async (t) => {
  const { ft, rf, tool, ipmiCount, redfishCount } = await setup(t);
  await makeEvents(ft);
  const before = await ipmiCount();
  t.true(before >= 3, `model events left ${before} SEL records`);
  t.is(await redfishCount(), before);

  // Add SEL Entry over IPMI (system event, sensor type 07h processor, sensor 20h, offset 0Bh).
  const added = await tool(['raw', '0x0a', '0x44', '0x00', '0x00', '0x02', '0x00', '0x00', '0x00', '0x00', '0x20', '0x00', '0x04', '0x07', '0x20', '0x6f', '0x0b', '0xff', '0xff']);
  const id = Number.parseInt(added.trim().split(/\s+/).reverse().join(''), 16);
  t.is(await ipmiCount(), before + 1);
  t.is(await redfishCount(), before + 1);
  const list = await rf.get<Collection>(`${SYSTEM_SEL}/Entries`);
  const last = await rf.get<{ EventId: string; SensorNumber: number; EntryCode: string; EntryType: string }>(list.Members.at(-1)?.['@odata.id'] ?? '');
  t.is(last.EventId, String(id), 'the Redfish entry names the IPMI record ID');
  t.is(last.SensorNumber, 0x20);
  t.is(last.EntryType, 'SEL');
  t.regex(last.EntryCode, /Machine Check Exception \(Uncorrectable\)/);
  t.is(ft.sel.list().length, before + 1, 'one store');
});

test('Redfish ClearLog on the SEL LogService clears the IPMI SEL', async (t) => {
  const { ft, rf, tool, ipmiCount, redfishCount } = await setup(t);
  await makeEvents(ft);
  t.true((await ipmiCount()) > 0);
  const r = await rf.post(`${SYSTEM_SEL}/Actions/LogService.ClearLog`, {});
  t.true(r.status < 300, JSON.stringify(r.body));
  t.is(await ipmiCount(), 0);
  t.is((await tool(['sel', 'list'])).trim(), '', 'ipmitool lists no entries');
  t.is(await redfishCount(), 0);
  // Both keep counting together afterwards.
  ft.model.insertModule(1);
  await waitFor('a new SEL record after the clear', 20_000, async () => ((await ipmiCount()) > 0 ? true : undefined), { intervalMs: 50 });
  t.is(await redfishCount(), await ipmiCount());
});

test('IPMI Clear SEL clears the Redfish SEL log; both then hold only the BMC\'s "Log area reset/cleared" event', async (t) => {
  const { ft, tool, ipmiCount, redfishCount } = await setup(t);
  await makeEvents(ft);
  t.true((await redfishCount()) > 0);
  await tool(['sel', 'clear']);
  t.is(await redfishCount(), 1);
  t.is(await ipmiCount(), 1);
  t.regex(await tool(['sel', 'elist']), /Event Logging Disabled #0x71 \| Log area reset\/cleared \| Asserted/);
});

test('without IPMI the Redfish SEL still records model events (the same store IPMI would serve)', async (t) => {
  const { ft, rf, redfishCount } = await setup(t, false);
  await makeEvents(ft);
  await waitFor('SEL records in Redfish', 20_000, async () => ((await redfishCount()) >= 3 ? true : undefined), { intervalMs: 50 });
  t.is(await redfishCount(), ft.sel.list().length);
  t.is((await rf.post(`${SYSTEM_SEL}/Actions/LogService.ClearLog`, {})).status < 300, true);
  t.is(ft.sel.list().length, 0);
});
