/**
 * A second (third, ...) copy of a cluster in one lab: every device name prefixed (servers, Ethernet
 * switches, FC switches, arrays, the partition manager) and every world-wide address made its own
 * (MACs, WWPNs, WWNNs, volume NAAs: one byte derived from the prefix), references included, so
 * the lab's inventory names each device once and no two clusters share an address. Ids that live
 * inside one device (zones, host groups, volumes, businesses, partitions) are left as they are.
 */
import { createHash } from 'node:crypto';
import { ConfigError } from '../../../lib/errors.ts';
import { checkReferences } from './check.ts';
import { Reader } from './reader.ts';
import { DEFAULT_PARTITION_MANAGER, ID_PATTERN, MAC_PATTERN, NAA_PATTERN, WWPN_PATTERN, type ClusterConfig } from './types.ts';

const PREFIX = new RegExp(ID_PATTERN);

const WWPN = new RegExp(WWPN_PATTERN);
const MAC = new RegExp(MAC_PATTERN);
const NAA = new RegExp(NAA_PATTERN);

/** Byte `at` of a colon-separated address XOR `with`. */
function flipByte(address: string, at: number, with_: number): string {
  return address.split(':').map((b, i) => (i === at ? (parseInt(b, 16) ^ with_).toString(16).padStart(2, '0') : b)).join(':');
}

/** Every string of `v` through `fn` (objects and arrays rebuilt; numbers, booleans and null kept). */
function mapStrings<T>(v: T, fn: (s: string) => string): T {
  if (typeof v === 'string') return fn(v) as T;
  if (Array.isArray(v)) return v.map((x: unknown) => mapStrings(x, fn)) as T;
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, fn)])) as T;
  return v;
}

export function relabelCluster(config: ClusterConfig, prefix: string): ClusterConfig {
  if (!PREFIX.test(prefix)) throw new ConfigError('memberPrefix', `expected a prefix matching ${ID_PATTERN}`, { found: prefix });
  // Non-zero, so every address changes; MACs keep the first byte (unicast, locally administered).
  const mark = 1 + ((createHash('sha256').update(prefix).digest()[0] ?? 0) % 255);
  const names = new Set([...config.servers.map((s) => s.id), ...config.ethernetSwitches.map((s) => s.id), ...config.fabrics.map((f) => f.switchName), ...config.arrays.map((a) => a.id)]);
  const relabel = (s: string): string => {
    if (names.has(s)) return `${prefix}${s}`;
    if (WWPN.test(s)) return flipByte(s, 5, mark);
    if (MAC.test(s)) return flipByte(s, 3, mark);
    if (NAA.test(s)) return `${s.slice(0, 24)}${(parseInt(s.slice(24, 26), 16) ^ mark).toString(16).padStart(2, '0')}${s.slice(26)}`;
    return s;
  };
  const out: ClusterConfig = { ...mapStrings(config, relabel), name: `${prefix}${config.name}`, partitionManager: `${prefix}${config.partitionManager ?? DEFAULT_PARTITION_MANAGER}` };
  checkReferences(out, new Reader(`memberPrefix ${prefix}`));
  return out;
}
