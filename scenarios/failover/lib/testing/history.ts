/**
 * Synthetic failover histories for the invariants' unit tests: samples as the cluster sampler
 * records them, events as the devices send them, on a harness clock the test sets. A default
 * two-server cluster: srv01 (failed) and srv08 (standby) of the same hardware, one array, fabric
 * A, switch sw1; the test builds the sequence of states it needs.
 */
import type { ServerInventoryView } from '../../../../lib/domains/cluster/inventory.ts';
import type { MaskingSample, VlanSample, ZoningSample } from '../../../../lib/domains/failover/samples.ts';
import type { EventRecord, HistoryRecord, SampleRecord } from '../../../../lib/history/records.ts';

const scenario = { id: 'fo-test', iteration: 0 };
export const W1 = '21:00:00:24:ff:00:01:00';
export const W8 = '21:00:00:24:ff:00:08:00';
export const W2 = '21:00:00:24:ff:00:02:00';
const PORTS: Record<string, string> = { srv01: '1', srv02: '5', srv08: '29' };
const WWPNS: Record<string, string> = { srv01: W1, srv02: W2, srv08: W8 };

export function sample(t: number, device: string, capability: string, state: unknown, readStart = t - 1): SampleRecord {
  return { type: 'sample', t, wall: t, scenario, device, capability, state, readStart };
}

export function inventory(server: string, over: Partial<ServerInventoryView> = {}): SampleRecord {
  const state: ServerInventoryView = {
    uri: `/redfish/v1/Systems/${server}`, id: server, manufacturer: 'lab', model: 'gx2', hardwareKind: 'gx2', chipset: 'c1', powerState: 'On',
    cpu: { model: 'Xeon', stepping: 'E5', frequencyMHz: 2400, count: 2, cores: 16 }, memoryGiB: 256,
    nics: [{ adapter: 'nic0', mac: '00:00:00:00:00:01', linkUp: true, switchPort: { chassisId: 'sw1', portId: PORTS[server] ?? '0' } }],
    hbas: [{ adapter: 'hba0', wwpn: WWPNS[server] ?? '', wwnn: null, fabric: 'A', loggedIn: true, bootTargets: [] }],
    arrayTargets: ['50:06:01:60:3e:a0:00:01'], partition: null, ...over,
  };
  return sample(0, server, 'ServerInventory', state, 0);
}

export const power = (t: number, server: string, powerState: string, readStart?: number): SampleRecord => sample(t, server, 'SystemHealth', { powerState, state: null, health: null }, readStart);

/** Masking of array1: volume → its (server, LUN) paths; host group and connection are `hg-<server>` (or `group` for all). */
export function masking(t: number, volumes: Record<string, Array<[server: string, lun: number]>>, readStart?: number, group?: string): SampleRecord {
  const state: MaskingSample = {
    array: 'array1',
    volumes: Object.entries(volumes).map(([volume, paths]) => ({
      volume, naa: null, bootCapable: true, reachableFrom: null,
      paths: paths.map(([s, lun]) => ({ initiator: WWPNS[s] ?? s, lun, hostGroup: group ?? `hg-${s}`, connection: group ?? `hg-${s}` })),
    })),
  };
  return sample(t, 'array1', 'LunMapping', state, readStart);
}

export function zoning(t: number, zones: Record<string, string[]>): SampleRecord {
  const state: ZoningSample = { fabric: 'A', activeZoneSet: 'cfg-A', zones: Object.fromEntries(Object.entries(zones).map(([z, ss]) => [z, ss.map((s) => WWPNS[s] ?? s)])), zoneSets: { 'cfg-A': Object.keys(zones) }, defaultRouting: false };
  return sample(t, 'fcA', 'ZoneControl', state);
}

export function vlans(t: number, byServer: Record<string, number>): SampleRecord {
  const state: VlanSample = { switch: 'sw1', ports: Object.entries(byServer).map(([s, v]) => ({ port: PORTS[s] ?? s, untagged: v, tagged: [], linkUp: true })) };
  return sample(t, 'sw1', 'VlanControl', state);
}

/** An event of `device` received at harness time `t`, stamped `atMs` by the device (ms into the lab day). */
export function event(t: number, device: string, messageId: string, origin: string | null, atMs: number): EventRecord {
  const eventTimestamp = new Date(Date.UTC(2026, 11, 6) + atMs).toISOString();
  return { type: 'event', t, wall: t, scenario, device, capability: 'EventSource', event: { id: String(t), messageId: `ResourceEvent.1.4.${messageId}`, messageArgs: [], message: '', severity: 'OK', originOfCondition: origin, eventTimestamp, receivedAt: t, extra: {} } };
}

/** The clock-offset records the runner writes before run(): one lab clock at `timeScale`. */
export function clockOffsets(devices: readonly string[], timeScale: number): HistoryRecord[] {
  return devices.map((device) => ({ type: 'clock-offset', t: 0, wall: 0, device, offsetMs: 5, uncertaintyMs: 1, timeScale }));
}

/** Records in harness time order (as a history is), keeping the order of equal times. */
export function inOrder(records: readonly HistoryRecord[]): HistoryRecord[] {
  return [...records].sort((a, b) => a.t - b.t);
}

export function fault(device: string): HistoryRecord {
  return { type: 'fault', t: 1, wall: 1, scenario, device, fault: 'cpu', params: {}, action: 'inject', ledgerId: 1, ok: true };
}

/** A correct failover srv01 → srv08 of boot-crm (LUN 0): power of both sampled every 10 ms, each SAN step in a sample of its own. */
export function goodFailover(): HistoryRecord[] {
  const srv01 = ['On', 'Off', 'Off', 'Off', 'Off', 'Off', 'Off'];
  const srv08 = ['Off', 'Off', 'Off', 'Off', 'Off', 'PoweringOn', 'On'];
  return inOrder([
    inventory('srv01'), inventory('srv08'), fault('srv01'),
    ...srv01.map((p, i) => power(10 * (i + 1), 'srv01', p)), ...srv08.map((p, i) => power(10 * (i + 1), 'srv08', p)),
    masking(10, { 'boot-crm': [['srv01', 0]] }), masking(30, { 'boot-crm': [] }), masking(40, { 'boot-crm': [['srv08', 0]] }),
    zoning(10, { 'z-srv01': ['srv01', 'array'] }), vlans(10, { srv01: 10, srv08: 99 }),
    zoning(50, { 'z-srv01': ['srv08', 'array'] }), vlans(50, { srv01: 10, srv08: 10 }),
  ]);
}
