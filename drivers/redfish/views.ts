/**
 * Typed views of the Redfish resources the capabilities read. JSON arrives as `unknown`; each
 * parser takes the resource path (for error messages) and returns only what we use. Required
 * properties throw RedfishProtocolError naming resource and property; optional ones become null.
 * Schemas: ComputerSystem v1_27_0, Chassis v1_28_0, EthernetInterface v1_12_4, LogEntry v1_21_0,
 * Event v1_13_0, Task v1_7_4, PCIeDevice v1_21_0 (DSP8010 2025.4).
 */
import type { ResyncFigures } from '../capabilities/ft-state.ts';
import { RedfishProtocolError } from './errors.ts';
import {
  type JsonObject,
  asObject,
  at,
  isObject,
  lastSegment,
  linkList,
  linkOf,
  normalisePath,
  optBoolean,
  optLink,
  optNumber,
  optString,
  reqString,
  stringList,
} from './json.ts';

export interface StatusView {
  state: string | null;
  health: string | null;
  healthRollup: string | null;
  /** MessageIds of Status.Conditions (Resource.Condition), in order. */
  conditions: string[];
}

function statusOf(obj: JsonObject): StatusView {
  const raw = at(obj, 'Status.Conditions');
  const conditions = Array.isArray(raw) ? raw.flatMap((c) => (isObject(c) && typeof c.MessageId === 'string' ? [c.MessageId] : [])) : [];
  return { state: optString(obj, 'Status.State'), health: optString(obj, 'Status.Health'), healthRollup: optString(obj, 'Status.HealthRollup'), conditions };
}

export interface ServiceRootView {
  path: string;
  redfishVersion: string | null;
  systems: string | null;
  chassis: string | null;
  managers: string | null;
  eventService: string | null;
  taskService: string | null;
  sessions: string | null;
  /** `Oem.FtLab` of the ft emulator (null elsewhere). */
  ftLab: FtLabRootView | null;
  /** The time scale an emulator advertises (Oem.FtLab.TimeScale or Oem.ClusterLab.TimeScale); null on real hardware. */
  labTimeScale: number | null;
}

export interface FtLabRootView {
  faultInjection: string | null;
  truth: string | null;
  workload: { udp: number | null; tcp: number | null } | null;
  timeScale: number | null;
  defects: string[];
}

export function parseServiceRoot(json: unknown, path = '/redfish/v1'): ServiceRootView {
  const o = asObject(json, path);
  const ft = at(o, 'Oem.FtLab');
  let ftLab: FtLabRootView | null = null;
  if (isObject(ft)) {
    const workload = isObject(ft.Workload) ? ft.Workload : null;
    ftLab = {
      faultInjection: optLink(ft, 'FaultInjection'),
      truth: optLink(ft, 'Truth'),
      workload: workload ? { udp: portOf(workload.Udp), tcp: portOf(workload.Tcp) } : null,
      timeScale: optNumber(ft, 'TimeScale'),
      defects: Array.isArray(ft.Defects) ? stringList(ft.Defects) : [],
    };
  }
  return {
    path,
    redfishVersion: optString(o, 'RedfishVersion'),
    systems: optLink(o, 'Systems'),
    chassis: optLink(o, 'Chassis'),
    managers: optLink(o, 'Managers'),
    eventService: optLink(o, 'EventService'),
    taskService: optLink(o, 'Tasks'),
    sessions: optLink(o, 'Links.Sessions'),
    ftLab,
    labTimeScale: ftLab?.timeScale ?? optNumber(o, 'Oem.ClusterLab.TimeScale'),
  };
}

/** A workload port is advertised as a number, or as `{Port: n}`. */
function portOf(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (isObject(v) && typeof v.Port === 'number') return v.Port;
  return null;
}

export interface SystemView {
  path: string;
  id: string;
  powerState: string | null;
  assetTag: string | null;
  status: StatusView;
  memoryGiB: number | null;
  /** Redundancy[0] (lockstep set), when reported. */
  redundancy: { activeSet: string[]; set: string[]; health: string | null; state: string | null } | null;
  ethernetInterfaces: string | null;
  logServices: string | null;
  ftLab: {
    ftState: string | null;
    syncPhase: string | null;
    activeModules: number[] | null;
    hypervisorMode: boolean | null;
    /** Active path of the mirrored/multipath storage (no standard property exists for it). */
    activeStoragePath: string | null;
    /** Oem.FtLab.Resync: the data mover's figures, when all are reported. */
    resync: ResyncFigures | null;
  } | null;
}

function resyncFigures(ft: Record<string, unknown>): ResyncFigures | null {
  const r = at(ft, 'Resync');
  if (!isObject(r)) return null;
  const v = {
    memoryMiB: optNumber(r, 'MemoryMiB'),
    copyBandwidthMiBps: optNumber(r, 'CopyBandwidthMiBps'),
    stopThresholdMiB: optNumber(r, 'StopThresholdMiB'),
    maxBrownoutPasses: optNumber(r, 'MaxBrownoutPasses'),
    contextCopyMs: optNumber(r, 'ContextCopyMs'),
  };
  return Object.values(v).every((x) => x !== null) ? (v as ResyncFigures) : null;
}

export function parseSystem(json: unknown, path: string): SystemView {
  const o = asObject(json, path);
  const red = Array.isArray(o.Redundancy) && isObject(o.Redundancy[0]) ? o.Redundancy[0] : null;
  const ft = at(o, 'Oem.FtLab');
  return {
    path: normalisePath(path),
    id: reqString(o, 'Id', path),
    powerState: optString(o, 'PowerState'),
    assetTag: optString(o, 'AssetTag'),
    status: statusOf(o),
    memoryGiB: optNumber(o, 'MemorySummary.TotalSystemMemoryGiB'),
    redundancy: red
      ? {
          activeSet: linkList(red, 'ActiveRedundancySet').map(normalisePath),
          set: linkList(red, 'RedundancySet').map(normalisePath),
          health: optString(red, 'Status.Health'),
          state: optString(red, 'Status.State'),
        }
      : null,
    ethernetInterfaces: optLink(o, 'EthernetInterfaces'),
    logServices: optLink(o, 'LogServices'),
    ftLab: isObject(ft)
      ? {
          ftState: optString(ft, 'FtState'),
          syncPhase: optString(ft, 'SyncPhase'),
          activeModules: Array.isArray(ft.ActiveModules) ? ft.ActiveModules.filter((x): x is number => typeof x === 'number') : null,
          hypervisorMode: optBoolean(ft, 'HypervisorMode'),
          activeStoragePath: optString(ft, 'ActiveStoragePath'),
          resync: resyncFigures(ft),
        }
      : null,
  };
}

export interface CounterView {
  count: number;
  windowSeconds: number;
  threshold: number;
  lastErrorTime: string | null;
}

export interface ChassisView {
  path: string;
  id: string;
  chassisType: string | null;
  powerState: string | null;
  status: StatusView;
  locationIndicatorActive: boolean | null;
  /** Slot ordinal (Location.PartLocation.LocationOrdinalValue), when reported. */
  slot: number | null;
  /** HotPluggable and Replaceable (Chassis v1_21_0), when reported. */
  hotPluggable: boolean | null;
  replaceable: boolean | null;
  /** The chassis that contains this one (Links.ContainedBy), when reported. */
  containedBy: string | null;
  pcieDevices: string | null;
  sensors: string | null;
  logServices: string | null;
  ftLab: {
    opState: string | null;
    syncPhase: string | null;
    errorCounters: Record<string, CounterView>;
    faultPolicy: string | null;
    keptOut: boolean | null;
    lastIsolationReason: string | null;
    faultyComponent: string | null;
    /** Oem.FtLab.Subsystems.<name>.State per subsystem. */
    subsystems: Record<string, string>;
  } | null;
}

export function parseChassis(json: unknown, path: string): ChassisView {
  const o = asObject(json, path);
  const ft = at(o, 'Oem.FtLab');
  let ftLab: ChassisView['ftLab'] = null;
  if (isObject(ft)) {
    const counters: Record<string, CounterView> = {};
    if (isObject(ft.ErrorCounters)) {
      for (const [name, raw] of Object.entries(ft.ErrorCounters)) {
        if (!isObject(raw)) continue;
        counters[name] = {
          count: optNumber(raw, 'Count') ?? 0,
          windowSeconds: optNumber(raw, 'WindowSeconds') ?? 0,
          threshold: optNumber(raw, 'Threshold') ?? 0,
          lastErrorTime: optString(raw, 'LastErrorTime'),
        };
      }
    }
    const subsystems: Record<string, string> = {};
    if (isObject(ft.Subsystems)) {
      for (const [name, raw] of Object.entries(ft.Subsystems)) {
        const state = isObject(raw) ? optString(raw, 'State') : null;
        if (state !== null) subsystems[name] = state;
      }
    }
    ftLab = {
      subsystems,
      opState: optString(ft, 'OpState'),
      syncPhase: optString(ft, 'SyncPhase'),
      errorCounters: counters,
      faultPolicy: optString(ft, 'FaultPolicy'),
      keptOut: optBoolean(ft, 'KeptOut'),
      lastIsolationReason: optString(ft, 'LastIsolationReason'),
      faultyComponent: optString(ft, 'FaultyComponent'),
    };
  }
  return {
    path: normalisePath(path),
    id: reqString(o, 'Id', path),
    chassisType: optString(o, 'ChassisType'),
    powerState: optString(o, 'PowerState'),
    status: statusOf(o),
    locationIndicatorActive: optBoolean(o, 'LocationIndicatorActive'),
    slot: optNumber(o, 'Location.PartLocation.LocationOrdinalValue'),
    hotPluggable: optBoolean(o, 'HotPluggable'),
    replaceable: optBoolean(o, 'Replaceable'),
    containedBy: optLink(o, 'Links.ContainedBy'),
    pcieDevices: optLink(o, 'PCIeDevices'),
    sensors: optLink(o, 'Sensors'),
    logServices: optLink(o, 'LogServices'),
    ftLab,
  };
}

export interface EthernetInterfaceView {
  path: string;
  id: string;
  interfaceType: string | null;
  teamMode: string | null;
  status: StatusView;
  linkStatus: string | null;
  relatedInterfaces: string[];
}

export function parseEthernetInterface(json: unknown, path: string): EthernetInterfaceView {
  const o = asObject(json, path);
  return {
    path: normalisePath(path),
    id: reqString(o, 'Id', path),
    interfaceType: optString(o, 'EthernetInterfaceType'),
    teamMode: optString(o, 'TeamMode'),
    status: statusOf(o),
    linkStatus: optString(o, 'LinkStatus'),
    relatedInterfaces: linkList(o, 'Links.RelatedInterfaces').map(normalisePath),
  };
}

export interface LogServiceView {
  path: string;
  id: string;
  name: string | null;
  entryType: string | null;
  entries: string | null;
}

export function parseLogService(json: unknown, path: string): LogServiceView {
  const o = asObject(json, path);
  return { path: normalisePath(path), id: reqString(o, 'Id', path), name: optString(o, 'Name'), entryType: optString(o, 'LogEntryType'), entries: optLink(o, 'Entries') };
}

export interface LogEntryView {
  path: string;
  id: string;
  entryType: string | null;
  created: string | null;
  eventTimestamp: string | null;
  messageId: string | null;
  messageArgs: string[];
  message: string;
  severity: string | null;
  originOfCondition: string | null;
  sensorType: string | null;
  sensorNumber: number | null;
  entryCode: string | null;
  eventGroupId: number | null;
}

export function parseLogEntry(json: unknown, path: string): LogEntryView {
  const o = asObject(json, path);
  return {
    path: normalisePath(path),
    id: reqString(o, 'Id', path),
    entryType: optString(o, 'EntryType'),
    created: optString(o, 'Created'),
    eventTimestamp: optString(o, 'EventTimestamp'),
    messageId: optString(o, 'MessageId'),
    messageArgs: stringList(o.MessageArgs),
    message: optString(o, 'Message') ?? '',
    severity: optString(o, 'Severity') ?? optString(o, 'MessageSeverity'),
    originOfCondition: optLink(o, 'Links.OriginOfCondition'),
    sensorType: optString(o, 'SensorType'),
    sensorNumber: optNumber(o, 'SensorNumber'),
    entryCode: optString(o, 'EntryCode'),
    eventGroupId: optNumber(o, 'EventGroupId'),
  };
}

export interface EventRecordView {
  eventId: string | null;
  eventTimestamp: string | null;
  messageId: string;
  messageArgs: string[];
  message: string;
  severity: string | null;
  originOfCondition: string | null;
  extra: Record<string, unknown>;
}

const KNOWN_RECORD_KEYS = new Set(['EventId', 'EventTimestamp', 'MessageId', 'MessageArgs', 'Message', 'MessageSeverity', 'Severity', 'OriginOfCondition']);

/**
 * The records of one SSE `data:` payload: an Event (`{Events: [...]}`) or a bare EventRecord.
 * `where` names the stream for errors.
 */
export function parseEventRecords(json: unknown, where: string): EventRecordView[] {
  const o = asObject(json, where);
  const records = Array.isArray(o.Events) ? o.Events : typeof o.MessageId === 'string' ? [o] : null;
  if (!records) throw new RedfishProtocolError(where, 'Events', 'expected an Event payload with an Events array');
  return records.map((r, i) => {
    const rec = asObject(r, where, `Events[${i}]`);
    const extra: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rec)) if (!KNOWN_RECORD_KEYS.has(k) && !k.startsWith('@odata')) extra[k] = v;
    const origin = rec.OriginOfCondition;
    return {
      eventId: typeof rec.EventId === 'string' ? rec.EventId : typeof rec.EventId === 'number' ? String(rec.EventId) : null,
      eventTimestamp: optString(rec, 'EventTimestamp'),
      messageId: reqString(rec, 'MessageId', `${where} Events[${i}]`),
      messageArgs: stringList(rec.MessageArgs),
      message: optString(rec, 'Message') ?? '',
      severity: optString(rec, 'MessageSeverity') ?? optString(rec, 'Severity'),
      originOfCondition: typeof origin === 'string' ? origin : linkOf(origin),
      extra,
    };
  });
}

export interface PcieDeviceView {
  path: string;
  id: string;
  status: StatusView;
  surpriseRemovalSupported: boolean | null;
}

export function parsePcieDevice(json: unknown, path: string): PcieDeviceView {
  const o = asObject(json, path);
  return {
    path: normalisePath(path),
    id: optString(o, 'Id') ?? lastSegment(path),
    status: statusOf(o),
    surpriseRemovalSupported: optBoolean(o, 'Oem.FtLab.SurpriseRemovalSupported'),
  };
}

export interface SensorView {
  path: string;
  id: string;
  name: string;
  reading: number | null;
  readingType: string | null;
  units: string | null;
  status: StatusView;
}

export function parseSensor(json: unknown, path: string): SensorView {
  const o = asObject(json, path);
  return {
    path: normalisePath(path),
    id: reqString(o, 'Id', path),
    name: optString(o, 'Name') ?? lastSegment(path),
    reading: optNumber(o, 'Reading'),
    readingType: optString(o, 'ReadingType'),
    units: optString(o, 'ReadingUnits'),
    status: statusOf(o),
  };
}
