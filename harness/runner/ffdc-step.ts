/**
 * When and how a testcase's first-failure data is collected: once per non-pass outcome (not for a
 * skip, and not when the run was interrupted: the user wants out), at the first moment the failure
 * is known — before the undos when run() failed, else after judging. Never throws: a bundle that
 * cannot be written is logged, and the testcase's outcome stands. Console tails come from the
 * capture's records in the history (so they are there after the consoles were closed too).
 */
import path from 'node:path';
import { errorMessage } from '../../lib/errors.ts';
import type { ConsoleLine } from '../../drivers/capabilities/index.ts';
import type { HistoryRecord, Outcome, ScenarioRef } from '../../lib/history/records.ts';
import type { BoundDevice } from '../devices/device.ts';
import { collectFfdc } from '../ffdc/collect.ts';
import type { HistoryWriter } from '../history/writer.ts';
import type { Logger } from '../../lib/log.ts';
import { ownRecords } from './judge.ts';

/** Wall ms a bundle may take by default. */
export const FFDC_DEADLINE_MS = 20_000;

/** A console is done printing about the failure once it has said nothing for this long (wall ms)... */
export const CONSOLE_QUIET_MS = 500;
/** ...or after this long at the most (part of the bundle's own deadline). */
export const CONSOLE_DRAIN_MS = 3000;

/** Let the captured consoles finish printing what trails the failure before a bundle takes their tails. */
export async function drainConsoles(consoles: ReadonlyArray<{ quiet(quietMs: number, withinMs: number): Promise<void> } | null>): Promise<void> {
  await Promise.all(consoles.map((c) => (c ? c.quiet(CONSOLE_QUIET_MS, CONSOLE_DRAIN_MS) : Promise.resolve())));
}

/** Console lines per device a bundle keeps: the last ones before the failure. */
export const CONSOLE_TAIL_LINES = 200;

export interface FfdcOptions {
  /** The run's ffdc folder (DIR/ffdc); unset: no bundles. */
  ffdcDir?: string;
  ffdcDeadlineMs?: number;
  history: HistoryWriter;
  log: Logger;
}

export function wantsFfdc(outcome: Outcome): boolean {
  return outcome !== 'passed' && outcome !== 'skipped' && outcome !== 'aborted';
}

/** Collect the bundle; its folder relative to the run's DIR, or undefined (none wanted, or it failed). */
export async function firstFailureData(
  o: FfdcOptions,
  t: { scenario: ScenarioRef; devices: readonly BoundDevice[]; outcome: Outcome; reason: string | undefined; afterUndo: boolean },
): Promise<string | undefined> {
  if (!o.ffdcDir || !wantsFfdc(t.outcome)) return undefined;
  try {
    const records = ownRecords(o.history.records, t.scenario);
    return await collectFfdc({ ...t, root: o.ffdcDir, records, consoles: consoleTails(records, CONSOLE_TAIL_LINES), deadlineMs: o.ffdcDeadlineMs ?? FFDC_DEADLINE_MS });
  } catch (e) {
    o.log.warn(`first-failure data of ${t.scenario.id} could not be written to ${path.join(o.ffdcDir, '…')}: ${errorMessage(e)}`, { component: 'runner' });
    return undefined;
  }
}

/** Per device, the last `n` console lines the capture recorded in the testcase's history. */
export function consoleTails(records: readonly HistoryRecord[], n: number): Map<string, ConsoleLine[]> {
  const out = new Map<string, ConsoleLine[]>();
  for (const r of records) {
    if (r.type !== 'console') continue;
    const lines = out.get(r.device) ?? [];
    lines.push({ at: r.at, wall: r.wall, text: r.text });
    if (lines.length > n) lines.shift();
    out.set(r.device, lines);
  }
  return out;
}
