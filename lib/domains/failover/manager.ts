/**
 * The failover manager's domain: the contract between the reference failover manager's decision core (pure: config, management
 * table, search, plan, defect profiles) and its executor (I/O: reads the lab, detects failures,
 * runs each step through the devices' network interfaces). The core never does I/O; the executor
 * never decides. Server ids are the cluster's device names (srv01); arrays, switches and fabrics
 * are named as in the lab file the manager was given.
 */

export type Priority = 'high' | 'medium' | 'low';
export type ServerStatus = 'in-use' | 'unused' | 'failed';

/** One row of the server management table (FO-04): basic columns, then the extended ones. */
export interface ManagedServer {
  id: string;
  cpuModel: string;
  /** Stepping-exact CPU type as the BMC reports it. */
  cpuStepping: string | null;
  cpuFrequencyMHz: number | null;
  memoryGiB: number | null;
  /** The logical server this server belongs to (serverCount 1 when it stands alone). */
  partition: { id: string; serverCount: number; members: string[]; bootMember: string } | null;
  status: ServerStatus;
  powerState: string;
  // extended columns
  business: { name: string; type: string; priority: Priority } | null;
  hardwareKind: string | null;
  chipset: string | null;
  nicPorts: number;
  hbaPorts: number;
  /** Switch ports of its NICs with their VLANs as the switch shows them. */
  vlans: Array<{ switch: string; port: string; untagged: number | null; tagged: number[] }>;
  /** FC zones its HBAs' WWPNs are members of, per fabric. */
  zones: Array<{ fabric: string; zone: string; wwpn: string }>;
  hbas: Array<{ wwpn: string; fabric: string | null }>;
  switches: string[];
  arrays: string[];
  /** Volumes its WWPNs can see: which array, which host group, which LUN number. */
  bootVolumes: Array<{ array: string; volume: string; lun: number; hostGroup: string }>;
}

export interface ManagementTable {
  servers: ManagedServer[];
  /** ISO time the table was last rebuilt from the devices. */
  builtAt: string;
  /** The zone set in effect per fabric (what `zone-activate` activates again). */
  fabrics: Array<{ fabric: string; activeZoneSet: string | null }>;
  /** Host groups per array with their initiators (a standby's existing group is reused by `map`). */
  hostGroups: Array<{ array: string; id: string; initiators: string[] }>;
}

/** A failure as the executor saw it: which server, the fault type from its BMC's event. */
export interface Failure {
  server: string;
  faultType: string;
  /** The BMC event it came from (MessageId and time), for the decision log. */
  evidence: { messageId: string; at: string };
}

/** One action on the lab. The executor runs steps in order and stops at the first that fails. */
export type Step =
  /** Graceful shutdown through the BMC; when `waitForDump`, wait while the server writes a dump; then ForceOff if still on. */
  | { op: 'fence'; server: string; waitForDump: boolean }
  /** Ask the partition manager to compose logical server `id` from `servers` (FO-08). */
  | { op: 'compose'; partitionManager: string; id: string; servers: string[] }
  /** Hide `volume` from the failed WWPN's host group on `array` (FO-06). */
  | { op: 'unmap'; array: string; hostGroup: string; volume: string }
  /**
   * Show `volume` as `lun` to the host group holding `wwpn` on `array` (created when missing).
   * `initiators`: every WWPN the group must hold (the standby's counterparts of the failed
   * server's initiators in its group, `wwpn` first); a group missing some gets them added.
   */
  | { op: 'map'; array: string; hostGroup: string; wwpn: string; initiators: string[]; volume: string; lun: number }
  /** Zone membership on one fabric, then activation of the zone set (FO-11). */
  | { op: 'zone-remove'; fabric: string; zone: string; wwpn: string }
  | { op: 'zone-add'; fabric: string; zone: string; wwpn: string }
  | { op: 'zone-activate'; fabric: string; zoneSet: string }
  /** Set a switch port's VLANs to match the failed server's port (FO-11). */
  | { op: 'vlan'; switch: string; port: string; untagged: number | null; tagged: number[] }
  /** Power on and boot from the SAN (FO-07). */
  | { op: 'boot'; server: string }
  /** Tell the user: an event on the manager's event stream and a log line (FO-05 "none found"). */
  | { op: 'notify'; severity: 'OK' | 'Warning' | 'Critical'; message: string };

export type Decision =
  /** The fault action table says no failover for this fault type (FO-02): nothing changes. */
  | { kind: 'no-action'; failure: Failure; reason: string }
  /** No standby qualifies (FO-05): only a notification, nothing else changes. */
  | { kind: 'no-standby'; failure: Failure; reason: string; steps: Step[] }
  | {
      kind: 'failover';
      failure: Failure;
      /** The servers that take over (one, or the members of a logical server, boot member first). */
      standby: string[];
      /** Why these: the rule that matched (exact, composed, policy name, preemption). */
      reason: string;
      /** A lower-priority server taken over (FO-10), and where its business went first, if anywhere. */
      preempted?: { server: string; business: string; movedTo: string[] | null };
      steps: Step[];
    };

/** A scale-out request (FO-12): the new server must match `like`'s hardware, server count and business policy. */
export interface ScaleOutRequest {
  like: string;
}

export type ScaleOutResult =
  | { kind: 'selected'; servers: string[]; reason: string; compose: { id: string; servers: string[] } | null }
  | { kind: 'none'; reason: string };

export type ManagerSeverity = 'OK' | 'Warning' | 'Critical';

/** One event of the manager's log (API `Events`, also pushed over SSE). */
export interface ManagerEvent {
  id: number;
  at: string;
  severity: ManagerSeverity;
  /** FailoverManager.<Key> */
  messageId: string;
  message: string;
  server: string | null;
}

export type StepResult = 'running' | 'ok' | 'failed' | 'not-run';

export interface StepRecord {
  index: number;
  step: Step;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  result: StepResult;
  /** What happened (the fence's ForceOff, the error of a failed step). */
  detail: string | null;
}

/** A decision as the manager's API serves it: its steps with their timings (ISO times of the real wall clock). */
export interface DecisionRecord {
  id: number;
  decidedAt: string;
  decision: Decision;
  state: 'running' | 'completed' | 'failed' | 'no-action' | 'no-standby';
  endedAt: string | null;
  steps: StepRecord[];
}

/**
 * The defect profiles every failover manager emulation of ftlab offers (`--defect NAME`): a
 * contract, so the harness can route `ftlab run --defect NAME` to the manager without asking it.
 */
export const MANAGER_DEFECT_NAMES = [
  'boot-before-fence',
  'map-before-unmap',
  'ignore-policy',
  'ignore-priority',
  'skip-zoning',
  'skip-vlan',
  'wrong-hardware',
  'partial-on-no-standby',
  'same-lun-renumbered',
  'no-dump-wait',
] as const;

export type ManagerDefectName = (typeof MANAGER_DEFECT_NAMES)[number];
