/**
 * Broken variants of the shipped cluster config, each with the exact error the loader must give
 * (config/load.test.ts) and, for the structural ones, the schema must agree with (config/schema.test.ts).
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_CLUSTER_CONFIG } from '../config/load.ts';

const DEFAULT_TEXT = readFileSync(DEFAULT_CLUSTER_CONFIG, 'utf8');

/** The default config with `from` replaced (once, and it must be there) by `to`. */
export function variant(from: string, to: string): string {
  if (!DEFAULT_TEXT.includes(from)) throw new Error(`the default config has no ${JSON.stringify(from)}`);
  return DEFAULT_TEXT.replace(from, to);
}

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

export const BAD_CONFIGS: ReadonlyArray<{ title: string; structural?: boolean; from: string; to: string; message: (text: string) => string }> = [
  {
    title: 'an unknown hardware kind',
    from: '  srv02:\n    kind: gx2',
    to: '  srv02:\n    kind: gx9',
    message: (x) => `cluster.yaml:${lineOf(x, 'kind: gx9')}: servers.srv02.kind: expected a hardware kind of hardwareKinds (gx2, px4, px8, gx1) (found "gx9")`,
  },
  {
    title: 'a WWPN used twice',
    from: 'wwpn: "21:00:00:24:ff:00:02:00"',
    to: 'wwpn: "21:00:00:24:ff:00:01:00"',
    message: (x) =>
      `cluster.yaml:${lineOf(x, '- { id: hba0, wwpn: "21:00:00:24:ff:00:01:00", wwnn: "20:00:00:24:ff:00:02:00"')}: servers.srv02.hbas[0].wwpn: expected a WWPN used once; srv01/hba0 already has 21:00:00:24:ff:00:01:00 (found "21:00:00:24:ff:00:01:00")`,
  },
  {
    title: 'an array port with a server WWPN',
    from: 'CTL-B-0: { wwpn: "50:06:01:68:3e:a0:00:01"',
    to: 'CTL-B-0: { wwpn: "21:00:00:24:ff:00:07:01"',
    message: (x) => `cluster.yaml:${lineOf(x, 'CTL-B-0:')}: arrays.array1.ports.CTL-B-0.wwpn: expected a WWPN used once; srv07/hba1 already has 21:00:00:24:ff:00:07:01 (found "21:00:00:24:ff:00:07:01")`,
  },
  {
    title: 'a MAC used twice',
    from: 'mac: "02:f7:1a:00:05:01"',
    to: 'mac: "02:f7:1a:00:05:00"',
    message: (x) => `cluster.yaml:${lineOf(x, 'id: nic1, mac: "02:f7:1a:00:05:00"')}: servers.srv05.nics[1].mac: expected a MAC address used once; srv05/nic0 already has 02:f7:1a:00:05:00 (found "02:f7:1a:00:05:00")`,
  },
  {
    title: 'a cable to a switch port that does not exist',
    from: 'switch: sw1, port: 38 }',
    to: 'switch: sw1, port: 49 }',
    message: (x) => `cluster.yaml:${lineOf(x, 'port: 49 }')}: servers.srv10.nics[1].port: expected a port of switch sw1 (1 to 48) (found 49)`,
  },
  {
    title: 'a cable to an FC port that does not exist',
    from: 'fabric: B, port: 9 }',
    to: 'fabric: B, port: 32 }',
    message: (x) => `cluster.yaml:${lineOf(x, 'fabric: B, port: 32 }')}: servers.srv10.hbas[1].port: expected a port of FC switch fcB (0 to 31) (found 32)`,
  },
  {
    title: 'two cables in one switch port',
    from: 'switch: sw1, port: 2 }',
    to: 'switch: sw1, port: 1 }',
    message: (x) => `cluster.yaml:${lineOf(x, 'mac: "02:f7:1a:00:01:01"')}: servers.srv01.nics[1].port: expected a switch port with one cable used once; srv01/nic0 already has sw1/1 (found "sw1/1")`,
  },
  {
    title: 'a cable to a switch that does not exist',
    from: 'mac: "02:f7:1a:00:03:01", switch: sw1',
    to: 'mac: "02:f7:1a:00:03:01", switch: sw2',
    message: (x) => `cluster.yaml:${lineOf(x, 'switch: sw2')}: servers.srv03.nics[1].switch: expected an Ethernet switch of ethernetSwitches (sw1) (found "sw2")`,
  },
  {
    title: 'a VLAN out of range in the VLAN table',
    structural: true,
    from: '99: spare }',
    to: '4095: spare }',
    message: (x) => `cluster.yaml:${lineOf(x, '4095: spare')}: ethernetSwitches.sw1.vlans.4095: expected an integer from 1 to 4094 (found 4095)`,
  },
  {
    title: 'a VLAN out of range on a trunk',
    structural: true,
    from: 'tagged: [50] }',
    to: 'tagged: [50, 0] }',
    message: (x) => `cluster.yaml:${lineOf(x, 'tagged: [50, 0]')}: ethernetSwitches.sw1.portVlans.22.tagged[1]: expected an integer from 1 to 4094 (found 0)`,
  },
  {
    title: 'a port in a VLAN the switch does not have',
    from: '{ mode: access, vlan: 99 }   # srv10',
    to: '{ mode: access, vlan: 98 }   # srv10',
    message: (x) => `cluster.yaml:${lineOf(x, 'vlan: 98')}: ethernetSwitches.sw1.portVlans.37.vlan: expected a VLAN of sw1's VLAN table (1, 10, 20, 30, 40, 50, 60, 99) (found 98)`,
  },
  {
    title: 'a business on a volume that does not exist',
    from: 'volume: boot-web, vlan: 20',
    to: 'volume: boot-wbe, vlan: 20',
    message: (x) => `cluster.yaml:${lineOf(x, 'boot-wbe')}: businesses.web.volume: expected a volume of one of the arrays (found "boot-wbe")`,
  },
  {
    title: 'a business on a volume that cannot boot',
    from: 'volume: boot-web, vlan: 20',
    to: 'volume: data-db, vlan: 20',
    message: (x) => `cluster.yaml:${lineOf(x, 'volume: data-db, vlan: 20')}: businesses.web.volume: expected a boot-capable volume (set bootable: true on volume data-db) (found "data-db")`,
  },
  {
    title: 'a business VLAN out of range',
    structural: true,
    from: 'boot-report, vlan: 60 }',
    to: 'boot-report, vlan: 5000 }',
    message: (x) => `cluster.yaml:${lineOf(x, 'vlan: 5000')}: businesses.report.vlan: expected an integer from 1 to 4094 (found 5000)`,
  },
  {
    title: 'a partition of mixed hardware',
    from: 'servers: [srv03, srv04]',
    to: 'servers: [srv03, srv01]',
    message: (x) => `cluster.yaml:${lineOf(x, 'servers: [srv03, srv01]')}: partitions.lp1.servers[1]: expected the hardware kind of srv03 (px4): a partition is made of same-hardware servers (found "gx2")`,
  },
  {
    title: 'a mapping to a host group that does not exist',
    from: 'lun: 1, hostGroup: hg-srv06',
    to: 'lun: 1, hostGroup: hg-srv60',
    message: (x) => `cluster.yaml:${lineOf(x, 'hg-srv60')}: arrays.array1.mappings[6].hostGroup: expected a host group of array1 (hg-srv01, hg-srv02, hg-lp1, hg-srv05, hg-srv06, hg-srv07) (found "hg-srv60")`,
  },
  {
    title: 'an active zone set that does not exist',
    from: 'activeZoneSet: cfg-B',
    to: 'activeZoneSet: cfg-C',
    message: (x) => `cluster.yaml:${lineOf(x, 'cfg-C')}: fabrics.B.activeZoneSet: expected a zone set of fabric B (cfg-B) (found "cfg-C")`,
  },
  {
    title: 'a misspelt key',
    structural: true,
    from: '  bootMs: 60000',
    to: '  bootMS: 60000',
    message: (x) => `cluster.yaml:${lineOf(x, 'bootMS')}: timing.bootMS: unknown key; expected one of: powerOnMs, fabricLoginMs, bootMs, shutdownMs, dumpMs, offMs, commitMs`,
  },
  {
    title: 'a malformed WWPN in a zone',
    structural: true,
    from: 'z-srv07: ["21:00:00:24:ff:00:07:01"',
    to: 'z-srv07: ["21:00:00:24:FF:00:07:01"',
    message: (x) => `cluster.yaml:${lineOf(x, 'FF')}: fabrics.B.zones.z-srv07[0]: expected a WWPN like 21:00:00:24:ff:30:14:c5 (8 lower-case hex pairs) (found "21:00:00:24:FF:00:07:01")`,
  },
];

