/**
 * Log evidence (FT-11 "a notification goes out", FT-12, FT-13): after a fault, the BMC's system
 * log holds a new entry for it. Read through the LogReader capability, whatever protocol serves
 * it: over Redfish the SEL or Event LogService entries (e.g. FtLab ModuleKeptOut, or the SEL view
 * with SensorType / EntryCode), over IPMI the SEL records (Processor machine check, Module/Board
 * Redundancy Lost / Off Line, ...). Every log the device offers must record the fault: a SEL that
 * stays empty while the Event log has it (a SEL that stopped recording) fails.
 *
 * "New" means not in the log before the fault (a baseline of entry keys), so the log is never
 * cleared: on a real lab the log belongs to the operators.
 */
import type { SoloContext } from '../../../harness/scenario.ts';
import type { LogKind, LogRecord, ModuleIndex, Subsystem } from '../../../drivers/capabilities/index.ts';
import { eventModule } from '../../../lib/domains/ft/messages.ts';
import { sutDeadline, toHarnessMs } from './time.ts';

type LogCtx = SoloContext<'LogReader'>;

/** Log kinds in order of preference. */
export const LOG_PREFERENCE: readonly LogKind[] = ['SEL', 'Event'];

/** Wall ms between two reads of the log while waiting for the entry. */
const POLL_INTERVAL_MS = 250;

export interface LogBaseline {
  /** The kinds the device offers, preferred first. */
  kinds: LogKind[];
  /** Keys of the entries each log held before the fault. */
  seen: Map<LogKind, Set<string>>;
}

export interface LoggedFault {
  module: ModuleIndex;
  subsystem: Subsystem;
  /**
   * What the entry must say: 'error' — the hardware error itself counts (a machine check, a bus
   * error) as well as the module leaving service; 'out-of-service' — only the module leaving
   * service (redundancy lost, off line, isolated, kept out), e.g. the keep-out notification.
   */
  evidence: 'error' | 'out-of-service';
}

/** Identity of an entry across reads (ids can be reused after a clear or a wrap of the log). */
export function entryKey(e: LogRecord): string {
  return `${e.id}|${e.created}|${e.messageId}`;
}

/** Short text for check details: `SEL #12 Critical Processor: Uncorrectable machine check (0x07...)`. */
export function describeLogEntry(e: LogRecord): string {
  const what = e.sensorType ? `${e.sensorType}: ${e.entryCode ?? e.message}` : `${e.messageId}(${e.messageArgs.join(', ')})`;
  return `#${e.id} ${e.severity} ${what}${e.created ? ` @ ${e.created}` : ''}`;
}

/** Hardware categories (IPMI sensor types, Redfish LogEntry SensorType) an error of this subsystem is logged under. */
const ERROR_SENSOR_TYPES: Readonly<Record<Subsystem, readonly string[]>> = {
  Cpu: ['processor', 'module/board'],
  Io: ['critical interrupt', 'module/board', 'add-in card'],
};
/** The category of a module leaving service: redundancy lost, availability off line / degraded. */
const OUT_OF_SERVICE_SENSOR_TYPES: readonly string[] = ['module/board'];
/** Message keys (the last segment of a MessageId) saying a module left service. */
const OUT_OF_SERVICE_MESSAGE = /KeptOut|Isolated|Offline|RedundancyLost|RedundancyDegraded|StatusChangedCritical|StatusChangedWarning/i;

function normalizeSensorType(t: string): string {
  return t.toLowerCase().replace(/\s+/g, ' ').replace(/\s*\/\s*/g, '/').trim();
}

/**
 * Is this log entry about the fault? Not informational (severity other than OK), and either a
 * sensor record of the right hardware category (SEL style: the module is encoded in the sensor
 * number, which is vendor-specific) or a message about the faulty module (Event style:
 * OriginOfCondition or the first message argument names it; for 'out-of-service' the message
 * key says so).
 */
export function isFaultLogEntry(e: LogRecord, fault: LoggedFault): boolean {
  if (!e.severity || e.severity.toLowerCase() === 'ok') return false;
  if (e.sensorType) {
    const types = fault.evidence === 'error' ? ERROR_SENSOR_TYPES[fault.subsystem] : OUT_OF_SERVICE_SENSOR_TYPES;
    return types.includes(normalizeSensorType(e.sensorType));
  }
  if (eventModule(e) !== fault.module) return false;
  return fault.evidence === 'error' || OUT_OF_SERVICE_MESSAGE.test(e.messageId.split('.').at(-1) ?? '');
}

/** Read which logs the device offers and what they hold now; call it before injecting the fault. */
export async function logBaseline(ctx: LogCtx): Promise<LogBaseline> {
  return ctx.phase(
    'log: read the system log before the fault',
    sutDeadline(ctx, 60_000),
    async (signal) => {
      const offered = await ctx.caps.LogReader.logs();
      const kinds = LOG_PREFERENCE.filter((k) => offered.includes(k));
      const seen = new Map<LogKind, Set<string>>();
      for (const k of kinds) seen.set(k, new Set((await ctx.caps.LogReader.entries(k, signal)).map(entryKey)));
      return { kinds, seen };
    },
    { infra: true },
  );
}

/**
 * Required check `name`: within a deadline, every log of `baseline.kinds` holds a new entry about
 * `fault` (isFaultLogEntry): the SEL its platform record, the Event log the BMC's message. A log
 * that stays silent about a hardware fault (a SEL that stopped recording) fails the check, which
 * names what each log did get.
 */
export async function checkFaultLogged(
  ctx: LogCtx,
  baseline: LogBaseline,
  fault: LoggedFault,
  opts: { name: string; requirements: string[] },
): Promise<void> {
  const waitSut = sutDeadline(ctx, 30_000);
  const fresh = new Map<LogKind, LogRecord[]>();
  const found = new Map<LogKind, LogRecord>();
  const what = fault.evidence === 'error' ? `the ${fault.subsystem} fault of module ${fault.module}` : `module ${fault.module} leaving service`;
  if (baseline.kinds.length > 0) {
    await ctx.phase(`log: entry for ${what} in ${baseline.kinds.join(' and ')}`, waitSut * 2, async (signal) => {
      const until = ctx.clock.now() + toHarnessMs(ctx, waitSut);
      for (;;) {
        for (const log of baseline.kinds.filter((k) => !found.has(k))) {
          const seen = baseline.seen.get(log) ?? new Set<string>();
          const added = (await ctx.caps.LogReader.entries(log, signal)).filter((e) => !seen.has(entryKey(e)));
          fresh.set(log, added);
          const entry = added.find((e) => isFaultLogEntry(e, fault));
          if (entry) found.set(log, entry);
        }
        if (found.size === baseline.kinds.length || ctx.clock.now() >= until) return;
        await ctx.clock.sleep(POLL_INTERVAL_MS, signal);
      }
    });
  }
  const missing = baseline.kinds.filter((k) => !found.has(k));
  ctx.check(opts.name, { kind: 'assertion', requirements: opts.requirements }, () => {
    if (baseline.kinds.length === 0) return 'the device offers neither a SEL nor an Event log';
    if (missing.length === 0) return true;
    const seenText = missing
      .map((k) => {
        const added = fresh.get(k) ?? [];
        const shown = added.slice(-8).map(describeLogEntry).join('; ');
        return `${k}: ${added.length} new entr${added.length === 1 ? 'y' : 'ies'}${shown ? ` (${added.length > 8 ? 'last 8: ' : ''}${shown})` : ''}`;
      })
      .join(' | ');
    return `no new entry about ${what} in the ${missing.join(' or ')} log within ${Math.round(waitSut)} ms (SUT); ${seenText}`;
  });
  for (const [log, entry] of found) ctx.log.info(`log evidence for ${what}: ${log} ${describeLogEntry(entry)}`);
}
