/**
 * First-failure data (contract: `DIR/ffdc/<testcase>/`): when a testcase ends other than passed
 * or skipped, what the lab said at that moment — per device its state (STATE_READS), its BMC logs
 * and its console tail, and the testcase's own history records — with a README of what is where and
 * what could not be read. Collection has one deadline; a read that fails or runs out of time is
 * listed, never thrown, so the original failure always stands. Everything written goes through
 * the same redaction as the history.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ConsoleLine } from '../../drivers/capabilities/index.ts';
import { errorMessage } from '../../lib/errors.ts';
import type { HistoryRecord, Outcome, ScenarioRef } from '../../lib/history/records.ts';
import { redact, redactString } from '../../lib/redact.ts';
import type { BoundDevice } from '../devices/device.ts';
import { STATE_READS, readLogs } from './reads.ts';

export interface FfdcInput {
  /** The run's ffdc folder (DIR/ffdc). */
  root: string;
  scenario: ScenarioRef;
  outcome: Outcome;
  reason: string | undefined;
  devices: readonly BoundDevice[];
  records: readonly HistoryRecord[];
  /** The last console lines of each device that printed since the testcase began (from the capture). */
  consoles?: ReadonlyMap<string, readonly ConsoleLine[]>;
  /** Wall ms the whole collection may take. */
  deadlineMs: number;
  /** When the testcase's faults had already been undone (the outcome came from judging the history). */
  afterUndo: boolean;
}

/** `ft-resync-pull-insert-m1-i0@ft0`-like folder name, safe on every file system and in a URL. */
export function ffdcFolder(s: ScenarioRef): string {
  return `${s.id}-i${s.iteration}${s.binding ? `@${s.binding}` : ''}`.replace(/[^A-Za-z0-9._@+-]/g, '_');
}

/** Collect the bundle; resolves with its folder relative to the run's DIR (ffdc/<testcase>). */
export async function collectFfdc(i: FfdcInput): Promise<string> {
  const folder = ffdcFolder(i.scenario);
  const dir = path.join(i.root, folder);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const signal = AbortSignal.timeout(i.deadlineMs);
  const missing: string[] = [];
  const write = (rel: string, data: unknown): void => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    const text = typeof data === 'string' ? redactString(data) : `${JSON.stringify(redact(data), null, 2)}\n`;
    writeFileSync(path.join(dir, rel), text, { mode: 0o600 });
  };
  write('history.jsonl', i.records.map((r) => JSON.stringify(redact(r))).join('\n') + '\n');
  await Promise.all(i.devices.map((d) => collectDevice(d, signal, write, missing)));
  for (const [device, lines] of i.consoles ?? []) write(`${device}/console.log`, lines.map((l) => `${new Date(l.wall).toISOString()} ${l.text}`).join('\n') + '\n');
  write('README.md', readme(i, missing));
  return path.join(path.basename(i.root), folder);
}

type Write = (rel: string, data: unknown) => void;

async function collectDevice(d: BoundDevice, signal: AbortSignal, write: Write, missing: string[]): Promise<void> {
  const reads = Object.entries(STATE_READS).map(async ([name, read]) => {
    try {
      const value = await withSignal(read(d.caps, signal), signal);
      if (value !== undefined) write(`${d.name}/${name}.json`, value);
    } catch (e) {
      missing.push(`${d.name}/${name}.json: ${errorMessage(e)}`);
    }
  });
  const logs = (async () => {
    try {
      for (const [kind, entries] of Object.entries((await withSignal(readLogs(d.caps, signal), signal)) ?? {})) write(`${d.name}/log-${kind.toLowerCase()}.json`, entries);
    } catch (e) {
      missing.push(`${d.name}/log-*.json: ${errorMessage(e)}`);
    }
  })();
  await Promise.all([...reads, logs]);
}

/** `p`, or a rejection when `signal` aborts first (a read that ignores its signal cannot hold the bundle up). */
function withSignal<T>(p: Promise<T> | undefined, signal: AbortSignal): Promise<T | undefined> {
  if (!p) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new Error('the collection deadline passed'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function readme(i: FfdcInput, missing: readonly string[]): string {
  const when = i.afterUndo ? 'after the testcase ended (its faults were already undone: the outcome came from judging the history)' : 'when the testcase failed, before its faults were undone';
  return [
    `# First-failure data: ${i.scenario.id} (iteration ${i.scenario.iteration}${i.scenario.binding ? `, on ${i.scenario.binding}` : ''})`,
    '',
    `Outcome: **${i.outcome}**${i.reason ? ` — ${redactString(i.reason)}` : ''}`,
    `Collected ${when}.`,
    '',
    '- `history.jsonl`: every history record of this testcase (samples, events, probes, measurements, checks).',
    ...i.devices.map((d) => `- \`${d.name}/\`: ${d.kind} device — its state as each capability reads it now (\`*.json\`), its BMC logs as the BMC keeps them (\`log-*.json\`)${i.consoles?.has(d.name) ? ', the last lines its console printed since the testcase began (`console.log`)' : ''}.`),
    '',
    missing.length ? `Could not be read (within ${i.deadlineMs} ms):\n${missing.map((m) => `- ${redactString(m)}`).join('\n')}` : 'Everything was read.',
    '',
  ].join('\n');
}
