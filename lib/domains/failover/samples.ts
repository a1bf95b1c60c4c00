/**
 * The failover domain's samples: what the cluster sampler records of each device (history
 * `sample` records, capability name + state) and how invariants and reports read them back. The
 * states are compact projections of the capabilities' views (no ETags, no URIs), so a sample
 * every 100 ms of every device stays small; `SystemHealth` and `ServerInventory` are recorded as
 * their capability returns them. `FailoverManagerView` is the failover manager's own account of
 * its decisions: its claim, never the lab's state (invariants over the lab leave it out).
 */
import type { FabricLoginsView, LunMappingView, ZoningView } from '../cluster/san.ts';
import type { SwitchVlansView } from '../cluster/lan.ts';
import type { PartitionsView } from '../cluster/partitions.ts';
import type { ServerInventoryView } from '../cluster/inventory.ts';
import type { Decision, DecisionRecord, Step, StepResult } from './manager.ts';
import { healthStateOf } from '../system.ts';
import type { SampleRecord } from '../../history/records.ts';

/** One volume of an array: which initiators its masking lets see it, at which LUN. */
export interface VolumeMasking {
  volume: string;
  naa: string | null;
  bootCapable: boolean;
  /** (initiator, LUN, host group, connection) the masking view grants, sorted by initiator. */
  paths: Array<{ initiator: string; lun: number; hostGroup: string; connection: string }>;
  /** Initiators the array says reach the volume now (its own account; null when not reported). */
  reachableFrom: string[] | null;
}

/** `LunMapping` sample state. */
export interface MaskingSample {
  array: string;
  volumes: VolumeMasking[];
}

/** `ZoneControl` sample state: every zone's members, every zone set, the active one. */
export interface ZoningSample {
  fabric: string;
  activeZoneSet: string | null;
  zones: Record<string, string[]>;
  zoneSets: Record<string, string[]>;
  defaultRouting: boolean | null;
}

/** `VlanControl` sample state: the VLANs of every port. */
export interface VlanSample {
  switch: string;
  ports: Array<{ port: string; untagged: number | null; tagged: number[]; linkUp: boolean }>;
}

/** `FabricLogins` sample state: the WWPNs logged in, per fabric. */
export interface LoginsSample {
  fabrics: Array<{ fabric: string; wwpns: string[] }>;
}

/** `PartitionControl` sample state: logical servers and their members. */
export interface PartitionsSample {
  logicalServers: Array<{ id: string; servers: string[]; powerState: string }>;
}

/** One step of a decision as the manager says it ran it: what on what, its own wall-clock stamps, how it ended. */
export interface ClaimedStep {
  op: Step['op'];
  /** What it acted on, e.g. "srv01", "boot-crm LUN 0 to hg-srv08 on array1". */
  target: string;
  /** ISO times of the manager's wall clock; null before the step started or ended. */
  startedAt: string | null;
  endedAt: string | null;
  result: StepResult;
  /** The manager's detail (what it did; a failed step's error), shortened; null when it gave none. */
  detail: string | null;
}

/** One decision as the manager serves it, compact: enough to draw it and say what it was. */
export interface ClaimedDecision {
  id: number;
  kind: Decision['kind'];
  state: DecisionRecord['state'];
  decidedAt: string;
  endedAt: string | null;
  /** The server it was told failed, and the fault type. */
  server: string;
  faultType: string;
  /** The servers that take over (a failover), else empty. */
  standby: string[];
  reason: string;
  steps: ClaimedStep[];
}

/**
 * `FailoverManagerView` sample state: the manager's decisions of the testcase (those not ended at
 * the sampler's first reading of it, and every later one), oldest first. The manager's claim.
 */
export interface DecisionsSample {
  decisions: ClaimedDecision[];
}

const DETAIL_CHARS = 160;
const clipped = (s: string): string => (s.length <= DETAIL_CHARS ? s : `${s.slice(0, DETAIL_CHARS - 1)}…`);

/** What a step acts on, in a few words. */
export function stepTarget(s: Step): string {
  switch (s.op) {
    case 'fence':
      return s.waitForDump ? `${s.server} (waits for a dump)` : s.server;
    case 'compose':
      return `${s.id} of ${s.servers.join('+')}`;
    case 'unmap':
      return `${s.volume} from ${s.hostGroup} on ${s.array}`;
    case 'map':
      return `${s.volume} LUN ${s.lun} to ${s.hostGroup} on ${s.array}`;
    case 'zone-remove':
    case 'zone-add':
      return `${s.wwpn} ${s.op === 'zone-add' ? 'to' : 'from'} ${s.zone} on ${s.fabric}`;
    case 'zone-activate':
      return `${s.zoneSet} on ${s.fabric}`;
    case 'vlan':
      return `${s.switch}/${s.port} untagged ${s.untagged ?? '–'} tagged [${s.tagged.join(',')}]`;
    case 'boot':
      return s.server;
    case 'notify':
      return clipped(`${s.severity}: ${s.message}`);
  }
}

/** Whether the manager is done with a decision: it says when it ended, or it has no step to run (no action). */
export const decisionDone = (d: Pick<DecisionRecord, 'state' | 'steps' | 'endedAt'>): boolean => d.endedAt !== null || (d.steps.length === 0 && d.state !== 'running');

export function decisionsSample(records: readonly DecisionRecord[]): DecisionsSample {
  return {
    decisions: records.map((r) => ({
      id: r.id,
      kind: r.decision.kind,
      state: r.state,
      decidedAt: r.decidedAt,
      endedAt: r.endedAt,
      server: r.decision.failure.server,
      faultType: r.decision.failure.faultType,
      standby: r.decision.kind === 'failover' ? [...r.decision.standby] : [],
      reason: r.decision.reason,
      steps: r.steps.map((s) => ({ op: s.step.op, target: stepTarget(s.step), startedAt: s.startedAt, endedAt: s.endedAt, result: s.result, detail: s.detail === null ? null : clipped(s.detail) })),
    })),
  };
}

export function maskingSample(v: LunMappingView): MaskingSample {
  const initiators = new Map(v.hostGroups.map((g) => [g.id, g.initiators]));
  const paths = v.connections.flatMap((c) =>
    c.luns.flatMap((l) => (initiators.get(c.hostGroup) ?? []).map((initiator) => ({ volume: l.volume, initiator, lun: l.lun, hostGroup: c.hostGroup, connection: c.id }))),
  );
  return {
    array: v.array,
    volumes: v.volumes.map((vol) => ({
      volume: vol.id,
      naa: vol.naa,
      bootCapable: vol.bootCapable,
      paths: paths
        .filter((p) => p.volume === vol.id)
        .map(({ volume: _v, ...p }) => p)
        .sort((a, b) => a.initiator.localeCompare(b.initiator)),
      reachableFrom: vol.reachableFrom,
    })),
  };
}

export function zoningSample(v: ZoningView): ZoningSample {
  return {
    fabric: v.fabric,
    activeZoneSet: v.activeZoneSet,
    zones: Object.fromEntries(v.zones.map((z) => [z.id, [...z.members]])),
    zoneSets: Object.fromEntries(v.zoneSets.map((s) => [s.id, [...s.zones]])),
    defaultRouting: v.defaultRouting,
  };
}

export function vlanSample(v: SwitchVlansView): VlanSample {
  return { switch: v.switch, ports: v.ports.map((p) => ({ port: p.port, untagged: p.untagged, tagged: [...p.tagged], linkUp: p.linkUp })) };
}

export function loginsSample(v: readonly FabricLoginsView[]): LoginsSample {
  return { fabrics: v.map((f) => ({ fabric: f.fabric, wwpns: f.logins.map((l) => l.wwpn).sort() })) };
}

export function partitionsSample(v: PartitionsView): PartitionsSample {
  return { logicalServers: v.logicalServers.map((l) => ({ id: l.id, servers: [...l.servers], powerState: l.powerState })) };
}

/** The zones of the active zone set with their members (the zoning in effect), empty when none is active. */
export function activeZones(z: ZoningSample): Record<string, string[]> {
  const set = z.activeZoneSet === null ? [] : (z.zoneSets[z.activeZoneSet] ?? []);
  return Object.fromEntries(set.map((id) => [id, z.zones[id] ?? []]));
}

/** The decoded state of each sampled capability. */
export type FailoverState = {
  SystemHealth: { powerState: string };
  LunMapping: MaskingSample;
  ZoneControl: ZoningSample;
  VlanControl: VlanSample;
  FabricLogins: LoginsSample;
  PartitionControl: PartitionsSample;
  ServerInventory: ServerInventoryView;
  FailoverManagerView: DecisionsSample;
};
export type FailoverSampled = keyof FailoverState;

/** What a field of each state must be for the record to be read as that capability's sample. */
const SHAPE: { readonly [C in FailoverSampled]: (s: Record<string, unknown>) => boolean } = {
  SystemHealth: () => true,
  LunMapping: (s) => Array.isArray(s['volumes']) && typeof s['array'] === 'string',
  ZoneControl: (s) => typeof s['zones'] === 'object' && typeof s['fabric'] === 'string',
  VlanControl: (s) => Array.isArray(s['ports']) && typeof s['switch'] === 'string',
  FabricLogins: (s) => Array.isArray(s['fabrics']),
  PartitionControl: (s) => Array.isArray(s['logicalServers']),
  ServerInventory: (s) => Array.isArray(s['hbas']) && typeof s['id'] === 'string',
  FailoverManagerView: (s) => Array.isArray(s['decisions']),
};

/** The samples of the lab's own state: every sampled capability but the manager's account of itself. */
export const isLabState = (r: Pick<SampleRecord, 'capability'>): boolean => r.capability !== 'FailoverManagerView';

/** The decoded state of a sample record of `capability`, or null for any other record. */
export function stateOf<C extends FailoverSampled>(r: Pick<SampleRecord, 'capability' | 'state'>, capability: C): FailoverState[C] | null {
  if (r.capability !== capability) return null;
  if (capability === 'SystemHealth') return healthStateOf(r) as FailoverState[C] | null;
  const s = r.state;
  return typeof s === 'object' && s !== null && SHAPE[capability](s as Record<string, unknown>) ? (s as FailoverState[C]) : null;
}
