/**
 * The System's Boot override over Redfish and IPMI (one state, the one-boot rule of the IPMI
 * core), checked with ipmitool; and the manager's own EthernetInterfaces against `ip -j addr`.
 */
import test, { type ExecutionContext } from 'ava';
import { execFile } from 'node:child_process';
import { ipmitool, makePeerHome, type Login } from '../ipmi/testing/peers.ts';
import { startIpmiFor } from './ipmi-adapter.ts';
import { loadDefaultProfile } from './profile.ts';
import { startFtServer } from './server.ts';
import { RedfishClient } from './testing/client.ts';
import { SYSTEM } from './uris.ts';

interface Boot {
  BootSourceOverrideEnabled: string;
  BootSourceOverrideTarget: string;
  BootSourceOverrideMode: string;
  'BootSourceOverrideTarget@Redfish.AllowableValues': string[];
}

async function setup(t: ExecutionContext) {
  const profile = { ...loadDefaultProfile(), power: { bootMs: 100, shutdownMs: 100 } };
  const ft = await startFtServer({ port: 0, profile, timeScale: 50, accounts: [{ user: 'admin', password: 'ft-Secret-1', role: 'Administrator' }] });
  const ipmi = await startIpmiFor(ft, { host: '127.0.0.1', port: 0, user: 'admin', password: 'ft-Secret-1' });
  const home = makePeerHome();
  t.teardown(async () => {
    await ipmi.close();
    await ft.close();
    home.cleanup();
  });
  const login: Login = { port: ipmi.server.port, user: 'admin', password: 'ft-Secret-1' };
  const rf = new RedfishClient(ft.redfishUrl, 'admin', 'ft-Secret-1');
  const boot = async (): Promise<Omit<Boot, 'BootSourceOverrideTarget@Redfish.AllowableValues'>> => {
    const { 'BootSourceOverrideTarget@Redfish.AllowableValues': _, ...b } = (await rf.get<{ Boot: Boot }>(SYSTEM)).Boot;
    return b;
  };
  const bootparam = async (): Promise<string> => {
    const r = await ipmitool(home, login, ['chassis', 'bootparam', 'get', '5'], { cipher: 17 });
    if (r.code !== 0) throw new Error(`ipmitool bootparam failed: ${r.stderr}`);
    return r.stdout;
  };
  const ipmi0 = async (...args: string[]): Promise<void> => {
    const r = await ipmitool(home, login, args, { cipher: 17 });
    if (r.code !== 0) throw new Error(`ipmitool ${args.join(' ')} failed: ${r.stderr}`);
  };
  const on = () => rf.until<{ PowerState: string }>('the system is On again', SYSTEM, (b) => b.PowerState === 'On');
  return { ft, ipmi, rf, boot, bootparam, ipmi0, on };
}

test('Boot: Disabled at start with the allowable targets; a Redfish one-time override shows in IPMI and is used up by the next boot', async (t) => {
  const { rf, boot, bootparam, on } = await setup(t);
  const initial = (await rf.get<{ Boot: Boot }>(SYSTEM)).Boot;
  t.deepEqual(initial, {
    BootSourceOverrideEnabled: 'Disabled',
    BootSourceOverrideTarget: 'None',
    BootSourceOverrideMode: 'Legacy',
    'BootSourceOverrideTarget@Redfish.AllowableValues': ['None', 'Pxe', 'Hdd', 'Cd', 'Floppy', 'BiosSetup', 'Diags', 'RemoteDrive'],
  });
  t.regex(await bootparam(), /Boot Flag Invalid/);
  const r = await rf.request('PATCH', SYSTEM, { Boot: { BootSourceOverrideEnabled: 'Once', BootSourceOverrideTarget: 'Pxe', BootSourceOverrideMode: 'UEFI' } });
  t.is(r.status, 200, JSON.stringify(r.body));
  t.deepEqual(await boot(), { BootSourceOverrideEnabled: 'Once', BootSourceOverrideTarget: 'Pxe', BootSourceOverrideMode: 'UEFI' });
  const flags = await bootparam();
  t.regex(flags, /Boot Flag Valid/);
  t.regex(flags, /Options apply to only next boot/);
  t.regex(flags, /BIOS EFI boot/);
  t.regex(flags, /Force PXE/);
  t.true((await rf.post(`${SYSTEM}/Actions/ComputerSystem.Reset`, { ResetType: 'ForceRestart' })).status < 300);
  await on();
  t.deepEqual(await boot(), { BootSourceOverrideEnabled: 'Disabled', BootSourceOverrideTarget: 'Pxe', BootSourceOverrideMode: 'UEFI' }, 'used up by the boot');
  t.regex(await bootparam(), /Boot Flag Invalid/);
});

test('Boot: Continuous survives boots; an IPMI bootdev is a one-time override Redfish shows, cleared by an IPMI power cycle', async (t) => {
  const { rf, boot, bootparam, ipmi0, on } = await setup(t);
  t.is((await rf.request('PATCH', SYSTEM, { Boot: { BootSourceOverrideEnabled: 'Continuous', BootSourceOverrideTarget: 'Hdd' } })).status, 200);
  t.regex(await bootparam(), /Options apply to all future boots[\s\S]*Force Boot from default Hard-Drive/);
  await ipmi0('chassis', 'power', 'reset');
  await on();
  t.deepEqual(await boot(), { BootSourceOverrideEnabled: 'Continuous', BootSourceOverrideTarget: 'Hdd', BootSourceOverrideMode: 'Legacy' });
  await ipmi0('chassis', 'bootdev', 'cdrom');
  t.deepEqual(await boot(), { BootSourceOverrideEnabled: 'Once', BootSourceOverrideTarget: 'Cd', BootSourceOverrideMode: 'Legacy' });
  await ipmi0('chassis', 'power', 'cycle');
  await on();
  t.is((await boot()).BootSourceOverrideEnabled, 'Disabled');
  // power on from Off is a boot too
  t.is((await rf.request('PATCH', SYSTEM, { Boot: { BootSourceOverrideEnabled: 'Once', BootSourceOverrideTarget: 'BiosSetup' } })).status, 200);
  await ipmi0('chassis', 'power', 'off');
  t.is((await boot()).BootSourceOverrideEnabled, 'Once', 'powering off is no boot');
  await ipmi0('chassis', 'power', 'on');
  await on();
  t.is((await boot()).BootSourceOverrideEnabled, 'Disabled');
});

test('Boot PATCH is validated all or nothing: a value off the list, a wrong type, an unknown property change nothing', async (t) => {
  const { rf, boot } = await setup(t);
  const before = await boot();
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ AssetTag: 'changed', Boot: { BootSourceOverrideEnabled: 'Once', BootSourceOverrideTarget: 'Usb' } }, 'PropertyValueNotInList'],
    [{ Boot: { BootSourceOverrideEnabled: 5 } }, 'PropertyValueTypeError'],
    [{ Boot: { BootSourceOverrideMode: 'UEFI', BootNext: '0001' } }, 'PropertyUnknown'],
    [{ Boot: 'Pxe' }, 'PropertyValueTypeError'],
  ];
  for (const [body, id] of cases) {
    const r = await rf.request('PATCH', SYSTEM, body);
    t.is(r.status, 400, JSON.stringify(body));
    t.regex(JSON.stringify(r.body), new RegExp(`Base\\.1\\.\\d+\\.${id}`), JSON.stringify(body));
  }
  t.deepEqual(await boot(), before);
  t.is((await rf.get<{ AssetTag: string }>(SYSTEM)).AssetTag, '');
});

function ipAddr(): Promise<Array<{ ifname: string; address: string; flags: string[]; addr_info: Array<{ family: string; local: string; prefixlen: number }> }>> {
  return new Promise((resolve, reject) => execFile('ip', ['-j', 'addr', 'show'], (e, out) => (e ? reject(e) : resolve(JSON.parse(out)))));
}

function maskOf(prefix: number): string {
  const m = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((s) => (m >>> s) & 0xff).join('.');
}

test('manager EthernetInterfaces: the interface holding the bound address, as `ip addr` reports it', async (t) => {
  const { rf } = await setup(t);
  const links = await ipAddr();
  const lo = links.find((l) => l.addr_info.some((a) => a.local === '127.0.0.1'));
  if (!lo) return t.fail('ip addr shows no interface with 127.0.0.1');
  const col = await rf.get<{ Members: Array<{ '@odata.id': string }> }>('/redfish/v1/Managers/bmc/EthernetInterfaces');
  t.deepEqual(col.Members, [{ '@odata.id': `/redfish/v1/Managers/bmc/EthernetInterfaces/${lo.ifname}` }]);
  const eth = await rf.get(`/redfish/v1/Managers/bmc/EthernetInterfaces/${lo.ifname}`);
  t.like(eth, {
    Id: lo.ifname,
    InterfaceEnabled: true,
    LinkStatus: lo.flags.includes('LOWER_UP') ? 'LinkUp' : 'LinkDown',
    MACAddress: lo.address.toUpperCase(),
  });
  const v4 = lo.addr_info.filter((a) => a.family === 'inet').map((a) => ({ Address: a.local, SubnetMask: maskOf(a.prefixlen), AddressOrigin: 'Static' }));
  t.deepEqual(eth.IPv4Addresses, v4);
  t.like(await rf.get('/redfish/v1/Managers/bmc'), { EthernetInterfaces: { '@odata.id': '/redfish/v1/Managers/bmc/EthernetInterfaces' }, NetworkProtocol: { '@odata.id': '/redfish/v1/Managers/bmc/NetworkProtocol' } });
});

test('manager NetworkProtocol follows the endpoints: the IPMI port while IPMI serves, off once it stops', async (t) => {
  const { rf, ft, ipmi } = await setup(t);
  t.like(await rf.get('/redfish/v1/Managers/bmc/NetworkProtocol'), { HTTP: { ProtocolEnabled: true, Port: ft.port }, IPMI: { ProtocolEnabled: true, Port: ipmi.server.port } });
  await ipmi.close();
  t.like(await rf.get('/redfish/v1/Managers/bmc/NetworkProtocol'), { IPMI: { ProtocolEnabled: false, Port: null } });
});
