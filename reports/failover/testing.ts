/**
 * Test-only records of a small failover (srv01 → srv08 of boot-crm on array1, fabric A on fcA,
 * switch sw1), as the cluster sampler and the devices write them: the test sets every time.
 */
import type { ServerInventoryView } from '../../lib/domains/cluster/inventory.ts';
import type { ClaimedDecision, ClaimedStep, MaskingSample } from '../../lib/domains/failover/samples.ts';
import type { EventRecord, HistoryRecord, SampleRecord } from '../../lib/history/records.ts';

export const scenario = { id: 'fo-lanes', iteration: 0 };
/** The lab day the devices' clocks stamp events on: their offset from the harness wall (0 at t=0). */
export const LAB_DAY = Date.UTC(2026, 11, 6);
export const WWPN: Readonly<Record<string, string>> = { srv01: '21:00:00:24:ff:00:01:00', srv08: '21:00:00:24:ff:00:08:00' };
const PORT: Readonly<Record<string, string>> = { srv01: '1', srv08: '29' };

export function sample(t: number, device: string, capability: string, state: unknown, readStart = t - 2): SampleRecord {
  return { type: 'sample', t, wall: t, scenario, device, capability, state, readStart };
}

export function inventory(server: string): SampleRecord {
  const state: ServerInventoryView = {
    uri: `/redfish/v1/Systems/${server}`, id: server, manufacturer: 'lab', model: 'gx2', hardwareKind: 'gx2', chipset: 'c1', powerState: 'On',
    cpu: { model: 'Xeon', stepping: 'E5', frequencyMHz: 2400, count: 2, cores: 16 }, memoryGiB: 256,
    nics: [{ adapter: 'nic0', mac: '00:00:00:00:00:01', linkUp: true, switchPort: { chassisId: 'sw1', portId: PORT[server] ?? '0' } }],
    hbas: [{ adapter: 'hba0', wwpn: WWPN[server] ?? '', wwnn: null, fabric: 'A', loggedIn: true, bootTargets: [] }],
    arrayTargets: [], partition: null,
  };
  return sample(1, server, 'ServerInventory', state, 1);
}

export const power = (t: number, server: string, powerState: string): SampleRecord => sample(t, server, 'SystemHealth', { powerState, state: null, health: null });

/** boot-crm held by `holders` at LUN 0, one host group and connection per server. */
export function masking(t: number, holders: readonly string[]): SampleRecord {
  const state: MaskingSample = {
    array: 'array1',
    volumes: [{ volume: 'boot-crm', naa: null, bootCapable: true, reachableFrom: null, paths: holders.map((s) => ({ initiator: WWPN[s] ?? s, lun: 0, hostGroup: `hg-${s}`, connection: `hg-${s}` })) }],
  };
  return sample(t, 'array1', 'LunMapping', state);
}

export function zoning(t: number, members: readonly string[]): SampleRecord {
  return sample(t, 'fcA', 'ZoneControl', { fabric: 'A', activeZoneSet: 'cfg-A', zones: { 'z-srv01': [...members.map((s) => WWPN[s] ?? s), '50:06:01:60:3e:a0:00:01'] }, zoneSets: { 'cfg-A': ['z-srv01'] }, defaultRouting: false });
}

export function vlans(t: number, srv01: number, srv08: number): SampleRecord {
  return sample(t, 'sw1', 'VlanControl', { switch: 'sw1', ports: [{ port: '1', untagged: srv01, tagged: [], linkUp: true }, { port: '29', untagged: srv08, tagged: [], linkUp: true }] });
}

export function logins(t: number, servers: readonly string[]): SampleRecord {
  return sample(t, 'fcA', 'FabricLogins', { fabrics: [{ fabric: 'A', wwpns: servers.map((s) => WWPN[s] ?? s) }] });
}

/** An event received at harness `t`, stamped by the device at `atMs` (harness ms, on the lab day). */
export function event(t: number, device: string, messageId: string, origin: string | null, atMs: number): EventRecord {
  return { type: 'event', t, wall: t, scenario, device, capability: 'EventSource', event: { id: String(t), messageId, messageArgs: [], message: `${messageId} of ${device}`, severity: 'OK', originOfCondition: origin, eventTimestamp: new Date(LAB_DAY + atMs).toISOString(), receivedAt: t, extra: {} } };
}

/** Every device's clock: the lab day at harness wall 0, at time scale 1. */
export function clockOffsets(devices: readonly string[]): HistoryRecord[] {
  return devices.map((device) => ({ type: 'clock-offset', t: 0, wall: 0, device, offsetMs: LAB_DAY, uncertaintyMs: 0.5, timeScale: 1 }));
}

/** A stamp of the failover manager's wall clock at harness ms `ms` (the harness wall is the lab day at t=0, as `claims` records it). */
export const stampAt = (ms: number): string => new Date(LAB_DAY + ms).toISOString();

/** A claimed step [op, target, result, started, ended] at harness ms (null: no stamp). */
export function step(op: ClaimedStep['op'], target: string, result: ClaimedStep['result'], started: number | null, ended: number | null, detail: string | null = null): ClaimedStep {
  return { op, target, startedAt: started === null ? null : stampAt(started), endedAt: ended === null ? null : stampAt(ended), result, detail };
}

export function claimed(id: number, kind: ClaimedDecision['kind'], decided: number, steps: ClaimedStep[], state: ClaimedDecision['state'] = kind === 'failover' ? 'completed' : kind): ClaimedDecision {
  return { id, kind, state, decidedAt: stampAt(decided), endedAt: null, server: 'srv01', faultType: 'PowerLoss', standby: kind === 'failover' ? ['srv08'] : [], reason: kind === 'failover' ? 'same hardware' : 'no failover for this fault type', steps };
}

/** The manager's decisions as the cluster sampler records them at harness `t` (wall: the lab day + t). */
export function claims(t: number, decisions: ClaimedDecision[], device = 'fm-cluster1'): SampleRecord {
  return { ...sample(t, device, 'FailoverManagerView', { decisions }), wall: LAB_DAY + t };
}
