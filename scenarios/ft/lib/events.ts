/**
 * Matching BMC events by registry prefix and message key, never by exact version digits
 * (`FtLab.1.0.ModuleIsolated` and `FtLab.1.1.ModuleIsolated` are the same message).
 */
import type { BmcEvent } from '../../../drivers/capabilities/index.ts';

/** The FtLab OEM messages the ft BMC emits (redfish-model.md §1.4, registry prefix FtLab). */
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
} as const;
export type FtMessage = (typeof FT)[keyof typeof FT];

export const FT_PREFIX = 'FtLab';

export function registryPrefix(e: BmcEvent): string {
  return e.messageId.split('.')[0] ?? '';
}

/** The message key: the last dot-separated segment of the MessageId. */
export function messageKey(e: BmcEvent): string {
  const parts = e.messageId.split('.');
  return parts[parts.length - 1] ?? '';
}

export function isMessage(e: BmcEvent, prefix: string, key: string): boolean {
  return registryPrefix(e) === prefix && messageKey(e) === key;
}

const MODULE_IN_TEXT = /Module\s*([01])\b/i;

/**
 * Which CPU/IO module an event (or a log entry, which has the same fields) is about: from
 * OriginOfCondition (`/redfish/v1/Chassis/Module1`) or from the first message argument (`1`,
 * `Module1`, a module URI). Null if it names none.
 */
export function eventModule(e: Pick<BmcEvent, 'originOfCondition' | 'messageArgs'>): number | null {
  const fromOrigin = e.originOfCondition?.match(MODULE_IN_TEXT);
  if (fromOrigin?.[1] !== undefined) return Number(fromOrigin[1]);
  const arg = e.messageArgs[0];
  if (arg === undefined) return null;
  if (/^[01]$/.test(arg.trim())) return Number(arg.trim());
  const fromArg = arg.match(MODULE_IN_TEXT);
  return fromArg?.[1] !== undefined ? Number(fromArg[1]) : null;
}

/** Predicate for an FtLab message, optionally about one module. */
export function ftEvent(key: FtMessage, module?: number): (e: BmcEvent) => boolean {
  return (e) => isMessage(e, FT_PREFIX, key) && (module === undefined || eventModule(e) === module);
}

/** Does any argument of the event name this subsystem (Cpu / Io), case-insensitively? */
export function namesSubsystem(e: BmcEvent, subsystem: string): boolean {
  const want = subsystem.toLowerCase();
  return e.messageArgs.some((a) => a.toLowerCase() === want || a.toLowerCase().endsWith(`/${want}`));
}

/** A numeric message argument (e.g. BlackoutCompleted's pauseMs), or undefined when absent/not a number. */
export function numericArg(e: BmcEvent, index: number): number | undefined {
  const raw = e.messageArgs[index];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

/** Short text for check details: `FtLab.1.0.ModuleIsolated(0, Cpu) @ 2026-...`. */
export function describeEvent(e: BmcEvent): string {
  return `${e.messageId}(${e.messageArgs.join(', ')}) @ ${e.eventTimestamp}`;
}
