/**
 * The ft BMC's message vocabulary, parsed in one place: the FtLab OEM message names
 * (redfish-model.md §1.4, registry prefix FtLab), the ResourceEvent messages the ft state
 * lanes rely on, registry prefix / message key handling, and the decode of an event
 * (`{ messageId, messageArgs, originOfCondition }`) into a typed ft message.
 *
 * Messages are matched on registry prefix + message key, never on version digits
 * (`FtLab.1.0.ModuleIsolated` and `FtLab.1.3.ModuleIsolated` are the same message).
 * Pure: no I/O, and the event is described structurally (a BmcEvent, a log entry or a history
 * event record all fit), so this module imports nothing.
 */

/** The FtLab OEM messages the ft BMC emits. */
export const FT = {
  ModuleIsolated: 'ModuleIsolated',
  ModuleKeptOut: 'ModuleKeptOut',
  TransientFaultReintegrating: 'TransientFaultReintegrating',
  ResyncStarted: 'ResyncStarted',
  BrownoutPassCompleted: 'BrownoutPassCompleted',
  BlackoutStarted: 'BlackoutStarted',
  BlackoutCompleted: 'BlackoutCompleted',
  DuplexRestored: 'DuplexRestored',
  ModuleRemoved: 'ModuleRemoved',
  ModuleInserted: 'ModuleInserted',
  NicTeamFailover: 'NicTeamFailover',
  PathFailover: 'PathFailover',
  ResyncAborted: 'ResyncAborted',
} as const;
export type FtMessage = (typeof FT)[keyof typeof FT];

export const FT_PREFIX = 'FtLab';

/** The standard ResourceEvent registry: the sole signal of some ft transitions (power, brownout start). */
export const RESOURCE_EVENT_PREFIX = 'ResourceEvent';

/** The fields of an event this module reads (BmcEvent, LogRecord-like entries, history event payloads). */
export interface FtEventFields {
  messageId: string;
  messageArgs: readonly string[];
  originOfCondition?: string | null;
}

/** "FtLab.1.0.ModuleIsolated" → "FtLab". */
export function registryPrefix(e: Pick<FtEventFields, 'messageId'>): string {
  return e.messageId.split('.')[0] ?? '';
}

/** The message key: the last dot-separated segment of the MessageId ("ModuleIsolated"). */
export function messageKey(e: Pick<FtEventFields, 'messageId'>): string {
  const parts = e.messageId.split('.');
  return parts[parts.length - 1] ?? '';
}

export function isMessage(e: Pick<FtEventFields, 'messageId'>, prefix: string, key: string): boolean {
  return registryPrefix(e) === prefix && messageKey(e) === key;
}

const MODULE_IN_TEXT = /Module\s*([01])\b/i;

/**
 * Which CPU/IO module an event (or a log entry, which has the same fields) is about: from
 * OriginOfCondition (`/redfish/v1/Chassis/Module1`) or from the first message argument (`1`,
 * `Module1`, a module URI). Null if it names none.
 */
export function eventModule(e: Pick<FtEventFields, 'originOfCondition' | 'messageArgs'>): number | null {
  const fromOrigin = e.originOfCondition?.match(MODULE_IN_TEXT);
  if (fromOrigin?.[1] !== undefined) return Number(fromOrigin[1]);
  const arg = e.messageArgs[0];
  if (arg === undefined) return null;
  if (/^[01]$/.test(arg.trim())) return Number(arg.trim());
  const fromArg = arg.match(MODULE_IN_TEXT);
  return fromArg?.[1] !== undefined ? Number(fromArg[1]) : null;
}

/** Predicate for an FtLab message, optionally about one module. */
export function ftEvent(key: FtMessage, module?: number): (e: FtEventFields) => boolean {
  return (e) => isMessage(e, FT_PREFIX, key) && (module === undefined || eventModule(e) === module);
}

/**
 * The system went down: its OS crashed or it powered off — standard messages about a
 * ComputerSystem (Platform OperatingSystemCrash; ResourceEvent ResourcePoweredOff whose origin is
 * a system, not a module) or the ft OEM SystemCrashed.
 */
export function systemWentDown(e: FtEventFields): boolean {
  if (isMessage(e, 'Platform', 'OperatingSystemCrash') || isMessage(e, FT_PREFIX, 'SystemCrashed')) return true;
  return isMessage(e, 'ResourceEvent', 'ResourcePoweredOff') && /\/Systems\/[^/]+\/?$/.test(e.originOfCondition ?? '');
}

/** Does any argument of the event name this subsystem (Cpu / Io), case-insensitively? */
export function namesSubsystem(e: Pick<FtEventFields, 'messageArgs'>, subsystem: string): boolean {
  const want = subsystem.toLowerCase();
  return e.messageArgs.some((a) => a.toLowerCase() === want || a.toLowerCase().endsWith(`/${want}`));
}

/** A numeric message argument (e.g. BlackoutCompleted's pauseMs), or undefined when absent/not a number. */
export function numericArg(e: Pick<FtEventFields, 'messageArgs'>, index: number): number | undefined {
  const raw = e.messageArgs[index];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

/** Short text for check details: `FtLab.1.0.ModuleIsolated(0, Cpu) @ 2026-...`. */
export function describeEvent(e: Pick<FtEventFields, 'messageId' | 'messageArgs'> & { eventTimestamp: string }): string {
  return `${e.messageId}(${e.messageArgs.join(', ')}) @ ${e.eventTimestamp}`;
}

/** A text argument, trimmed; null when absent or empty. */
function textArg(e: Pick<FtEventFields, 'messageArgs'>, index: number): string | null {
  const raw = e.messageArgs[index]?.trim();
  return raw === undefined || raw === '' ? null : raw;
}

/** An FtLab message decoded: which module, which subsystem, counts, as its registry entry defines them. */
export type DecodedFtMessage =
  | { name: 'ModuleIsolated'; module: number | null; subsystem: string | null; reason: string | null }
  | { name: 'ModuleKeptOut'; module: number | null; subsystem: string | null; count: number | undefined; windowSeconds: number | undefined }
  | { name: 'TransientFaultReintegrating'; module: number | null; subsystem: string | null }
  | { name: 'ResyncStarted' | 'BlackoutStarted' | 'ModuleRemoved' | 'ModuleInserted'; module: number | null }
  | { name: 'BrownoutPassCompleted'; module: number | null; pass: number | undefined; dirtyMiB: number | undefined }
  | { name: 'BlackoutCompleted'; module: number | null; pauseMs: number | undefined }
  | { name: 'DuplexRestored'; module: number | null }
  | { name: 'ResyncAborted'; module: number | null; reason: string | null }
  | { name: 'NicTeamFailover'; team: string | null; from: string | null; to: string | null }
  | { name: 'PathFailover'; volume: string | null; from: string | null; to: string | null };

/** Decode an FtLab event; null for another registry or a key this vocabulary does not know. */
export function decodeFtMessage(e: FtEventFields): DecodedFtMessage | null {
  if (registryPrefix(e) !== FT_PREFIX) return null;
  const module = eventModule(e);
  const key = messageKey(e);
  switch (key) {
    case FT.ModuleIsolated:
      return { name: key, module, subsystem: textArg(e, 1), reason: textArg(e, 2) };
    case FT.ModuleKeptOut:
      return { name: key, module, subsystem: textArg(e, 1), count: numericArg(e, 2), windowSeconds: numericArg(e, 3) };
    case FT.TransientFaultReintegrating:
      return { name: key, module, subsystem: textArg(e, 1) };
    case FT.ResyncStarted:
    case FT.BlackoutStarted:
    case FT.ModuleRemoved:
    case FT.ModuleInserted:
    case FT.DuplexRestored:
      return { name: key, module };
    case FT.BrownoutPassCompleted:
      return { name: key, module, pass: numericArg(e, 1), dirtyMiB: numericArg(e, 2) };
    case FT.BlackoutCompleted:
      return { name: key, module, pauseMs: numericArg(e, 1) };
    case FT.ResyncAborted:
      return { name: key, module, reason: textArg(e, 1) };
    case FT.NicTeamFailover:
      return { name: key, team: textArg(e, 0), from: textArg(e, 1), to: textArg(e, 2) };
    case FT.PathFailover:
      return { name: key, volume: textArg(e, 0), from: textArg(e, 1), to: textArg(e, 2) };
    default:
      return null;
  }
}

/** Does this decoded isolation concern the IO subsystem only (the CPUs stay in lockstep)? */
export function isIoSubsystem(subsystem: string | null): boolean {
  return subsystem !== null && subsystem.toLowerCase() === 'io';
}

/** Power states of a system named by ResourceEvent power messages. */
const POWER_MESSAGES: Readonly<Record<string, string>> = {
  ResourcePoweredOn: 'On',
  ResourcePoweredOff: 'Off',
  ResourcePoweringOn: 'PoweringOn',
  ResourcePoweringOff: 'PoweringOff',
};

/** System origin: a ComputerSystem resource, not a module or a device below it. */
const SYSTEM_ORIGIN = /\/Systems\/[^/]+\/?$/;

/** A ResourceEvent the ft state lanes use: a system power change, or a resource state change. */
export type DecodedResourceEvent =
  | { name: 'SystemPower'; power: string }
  | { name: 'ResourceStateChanged'; module: number | null; state: string | null };

/**
 * Decode the ResourceEvent messages that are the sole signal of an ft transition:
 * ResourcePoweredOn/Off and ResourcePoweringOn/Off on a ComputerSystem origin = the system power state;
 * ResourceStateChanged(resource, state) ("Starting" on a module = its brownout copy begins).
 * Null for anything else.
 */
export function decodeResourceEvent(e: FtEventFields): DecodedResourceEvent | null {
  if (registryPrefix(e) !== RESOURCE_EVENT_PREFIX) return null;
  const key = messageKey(e);
  const power = POWER_MESSAGES[key];
  if (power !== undefined) {
    const origin = e.originOfCondition ?? null;
    return origin !== null && SYSTEM_ORIGIN.test(origin) ? { name: 'SystemPower', power } : null;
  }
  if (key === 'ResourceStateChanged') return { name: key, module: eventModule(e), state: e.messageArgs[1] ?? null };
  return null;
}

/** Is this an FtLab message (any key, any version)? */
export function isFtMessage(e: Pick<FtEventFields, 'messageId'>): boolean {
  return registryPrefix(e) === FT_PREFIX;
}

/** FtLab message keys that change a module's or the system's state (timelines label these first). */
export const FT_STATE_CHANGING: ReadonlySet<string> = new Set([
  FT.ModuleRemoved,
  FT.ModuleInserted,
  FT.ModuleIsolated,
  FT.ModuleKeptOut,
  FT.ResyncStarted,
  FT.BrownoutPassCompleted,
  FT.BlackoutStarted,
  FT.BlackoutCompleted,
  FT.DuplexRestored,
  FT.ResyncAborted,
  'SystemCrashed',
]);
