import test from 'ava';
import { defaultGateway, lanInfo } from './lan-info.ts';

const ROUTES = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
eth0\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0
`;

test('the default gateway of an interface from /proc/net/route (little-endian hex), zeros for none', (t) => {
  t.deepEqual([...defaultGateway(ROUTES, 'eth0')], [192, 168, 1, 1]);
  t.deepEqual([...defaultGateway(ROUTES, 'lo')], [0, 0, 0, 0]);
  t.deepEqual([...defaultGateway('', 'eth0')], [0, 0, 0, 0]);
});

test('127.0.0.1 is found on its interface; an address no interface holds reports zeros', (t) => {
  const lo = lanInfo('127.0.0.1');
  t.deepEqual([...lo.ip], [127, 0, 0, 1]);
  t.is(lo.netmask[0], 255);
  const none = lanInfo('0.0.0.0');
  t.deepEqual([...none.netmask, ...none.mac, ...none.gateway], new Array<number>(14).fill(0));
});
