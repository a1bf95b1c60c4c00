/** Which host interfaces serve a bound address (the manager's EthernetInterfaces members). */
import test from 'ava';
import type os from 'node:os';
import { servingInterfaces } from './manager-network.ts';

const v4 = (address: string, netmask: string, mac: string): os.NetworkInterfaceInfo => ({ address, netmask, mac, family: 'IPv4', internal: false, cidr: null });
const v6 = (address: string, mac: string): os.NetworkInterfaceInfo => ({ address, netmask: 'ffff:ffff:ffff:ffff::', mac, family: 'IPv6', internal: false, cidr: null, scopeid: 0 });

const TABLE: NodeJS.Dict<os.NetworkInterfaceInfo[]> = {
  lo: [v4('127.0.0.1', '255.0.0.0', '00:00:00:00:00:00'), v6('::1', '00:00:00:00:00:00')],
  eth0: [v4('10.0.0.5', '255.255.255.0', '52:54:00:12:34:56'), v6('fe80::1', '52:54:00:12:34:56')],
  v6only: [v6('2001:db8::7', '52:54:00:00:00:07')],
};

test('a specific address: only the interface holding it, with its IPv4 addresses and MAC', (t) => {
  t.deepEqual(servingInterfaces('10.0.0.5', TABLE), [{ name: 'eth0', mac: '52:54:00:12:34:56', ipv4: [{ address: '10.0.0.5', netmask: '255.255.255.0' }] }]);
  t.deepEqual(servingInterfaces('127.0.0.1', TABLE).map((i) => i.name), ['lo']);
  t.deepEqual(servingInterfaces('2001:db8::7', TABLE), [{ name: 'v6only', mac: '52:54:00:00:00:07', ipv4: [] }]);
  t.deepEqual(servingInterfaces('192.0.2.1', TABLE), [], 'an address no interface holds');
});

test('a wildcard bind: every interface with an IPv4 address', (t) => {
  for (const any of ['0.0.0.0', '::']) t.deepEqual(servingInterfaces(any, TABLE).map((i) => i.name), ['lo', 'eth0'], any);
});
