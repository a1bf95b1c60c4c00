/**
 * One `ftlab run`, end to end: validate everything first (inventory, budgets, scenarios), then
 * history + logs in the out dir, the lab (embedded child processes or an inventory file),
 * devices, the testcases, run-end, the reports, the summary; the lab is stopped on every path.
 */
import { setMaxListeners } from 'node:events';
import { randomUUID } from 'node:crypto';
import winston from 'winston';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Clock, systemClock } from '../lib/clock.ts';
import { ConfigError, errorMessage, FtlabError } from '../lib/errors.ts';
import {
  type DeviceRecord,
  EXIT_ABORTED,
  exitCodeFor,
  HISTORY_VERSION,
  type Outcome,
  type RunBegin,
  type RunEnd,
  type ScenarioEnd,
} from '../lib/history/records.ts';
import { createLogger, type Logger, type LogLevel } from '../lib/log.ts';
import { raiseTimingPriority } from '../lib/thread-priority.ts';
import { type Reporter, writeReports } from '../reports/index.ts';
import type { RunSummary } from '../reports/summarize.ts';
import { loadBudgets } from './budgets/load.ts';
import { checkDefectNames } from './config/emulator-defects.ts';
import { ProgressView, type ProgressStream } from './console/progress.ts';
import { summaryTable } from './console/summary-table.ts';
import { connectDevice } from './devices/connect.ts';
import type { BoundDevice } from './devices/device.ts';
import { discoverScenarios } from './discovery.ts';
import { historyLogTransport } from './history/log-transport.ts';
import { HistoryWriter } from './history/writer.ts';
import { loadInventory } from './inventory/load.ts';
import type { Inventory } from './inventory/types.ts';
import { DEFAULT_CLUSTERS, DEFAULT_DEVICES, EmbeddedLab, REPO_ROOT } from './lab/embedded.ts';
import { REQUIREMENTS } from './requirements.ts';
import { clustersNeeded, planTestcases } from './runner/plan.ts';
import { runTestcases } from './runner/schedule.ts';
import { type Selection, selectForRun } from './selection.ts';
import { runAbortReason } from './runner/control.ts';

export { EXIT_ABORTED };

/**
 * As many as the embedded lab has independent devices (ft0, ft2, ft1, cluster1, cluster2: each of
 * its lanes runs at once), or the number of cores when there are more. A testcase mostly waits on
 * its devices: on 2 cores the nightly's five lanes side by side used about one core (the
 * samplers read each collection with one $expand GET) and every verdict held.
 */
export const DEFAULT_WORKERS = Math.max(DEFAULT_DEVICES.length + DEFAULT_CLUSTERS.length, os.availableParallelism());

export type LabChoice = { kind: 'embedded'; timeScale: number; defects: string[]; ipmi?: boolean; tls?: boolean } | { kind: 'file'; file: string };

export interface SessionOptions {
  argv: string[];
  selection: Selection;
  repeat: number;
  /** Testcases run at once when their bindings share no device (default DEFAULT_WORKERS). */
  workers?: number;
  lab: LabChoice;
  outDir: string;
  reporters: Reporter[];
  logLevel: LogLevel;
  scenariosDir?: string;
  budgetsDir?: string;
  /** Progress and the summary table. */
  stdout: ProgressStream;
  /** Aborted on SIGINT. */
  signal: AbortSignal;
  /** A run whose every testcase was skipped passes (else it is an infra-error, exit 3). */
  allowSkipAll?: boolean;
  clock?: Clock;
  /** For tests: a logger instead of console + file. */
  log?: Logger;
}

export interface SessionResult {
  exitCode: number;
  outcome: Outcome;
  outDir: string;
}

function ftlabVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export async function runSession(opts: SessionOptions): Promise<SessionResult> {
  const clock = opts.clock ?? systemClock;
  // 1. Validate all input before touching anything (ConfigError → exit 2, nothing half-applied).
  const fileInventory: Inventory | null = opts.lab.kind === 'file' ? loadInventory(opts.lab.file) : null;
  if (opts.lab.kind === 'embedded') checkDefectNames(opts.lab.defects);
  const budgets = loadBudgets(opts.budgetsDir ?? path.join(REPO_ROOT, 'budgets'), opts.budgetsDir !== undefined ? '--budgets' : undefined);
  const discovered = await discoverScenarios(opts.scenariosDir ?? path.join(REPO_ROOT, 'scenarios'));
  const selected = selectForRun(discovered, opts.selection);

  // 2. Out dir, history, logs.
  const outDir = makeOutDir(opts.outDir);
  const history = new HistoryWriter(path.join(outDir, 'history.jsonl'), clock);
  // First-failure data of an earlier run in the same folder would be taken for this run's.
  const ffdcDir = path.join(outDir, 'ffdc');
  rmSync(ffdcDir, { recursive: true, force: true });
  const consoleDir = path.join(outDir, 'consoles');
  rmSync(consoleDir, { recursive: true, force: true });
  const log = opts.log ?? runLogger(opts.logLevel, path.join(outDir, 'ftlab.log'));
  raiseTimingPriority(log, 'run');
  log.add(historyLogTransport(history));
  const plannedCount = selected.length * opts.repeat;
  const progress = new ProgressView(opts.stdout, plannedCount, () => history.sinceStart(clock.now()));
  history.onRecord((r) => progress.onRecord(r));

  history.append<RunBegin>({
    type: 'run-begin',
    version: HISTORY_VERSION,
    runId: randomUUID(),
    ftlabVersion: ftlabVersion(),
    lab:
      opts.lab.kind === 'embedded'
        ? { kind: 'embedded', defects: opts.lab.defects, timeScale: opts.lab.timeScale }
        : { kind: 'file', file: path.resolve(opts.lab.file) },
    suite: opts.selection.suite ?? (opts.selection.patterns.length ? '' : 'nightly'),
    argv: opts.argv,
    repeat: opts.repeat,
    budgets: budgets.records(),
    ...(budgets.availability ? { availability: budgets.availability } : {}),
    plan: selected.map((s) => ({ id: s.def.id, title: s.def.title, requirements: s.def.requirements, tags: s.def.tags, file: s.file })),
    requirements: { ...REQUIREMENTS },
    selection: { patterns: opts.selection.patterns, suite: opts.selection.suite ?? null, grep: opts.selection.grep?.source ?? null },
    ...(opts.selection.shard ? { shard: opts.selection.shard } : {}),
    host: os.hostname(),
  });
  log.info(`run: ${selected.length} scenario(s) x ${opts.repeat}, lab ${opts.lab.kind === 'embedded' ? `embedded (time scale ${opts.lab.timeScale})` : opts.lab.file}, out ${outDir}`, { component: 'run' });

  let lab: EmbeddedLab | null = null;
  let devices: BoundDevice[] = [];
  let outcome: Outcome = 'passed';
  let reason: string | undefined;
  try {
    // 3. The lab.
    let inventory: Inventory;
    if (opts.lab.kind === 'embedded') {
      // A cluster only when a selected scenario runs on it: the nightly ft suite does not wait for one.
      const clusters = clustersNeeded(selected.map((s) => s.def), DEFAULT_CLUSTERS);
      lab = await EmbeddedLab.start({
        timeScale: opts.lab.timeScale,
        defects: opts.lab.defects,
        devices: [...DEFAULT_DEVICES, ...clusters],
        log,
        ...(opts.lab.ipmi === false ? { ipmi: false } : {}),
        ...(opts.lab.tls === false ? { tls: false } : {}),
      });
      inventory = lab.inventory();
    } else {
      inventory = fileInventory as Inventory;
    }
    if (opts.signal.aborted) throw new AbortedBeforeStart();
    // 4. Devices.
    // Every device waits on the run's signal while it connects: a fleet is more than node's default 10 listeners.
    setMaxListeners(Math.max(10, inventory.devices.length + 10), opts.signal);
    devices = await Promise.all(inventory.devices.map((d) => connectDevice(d, { clock, log, signal: opts.signal })));
    for (const d of devices) {
      history.append<DeviceRecord>({
        type: 'device',
        device: d.name,
        kind: d.kind,
        endpoints: d.endpoints,
        protocols: d.protocols as Record<string, string>,
        timeScale: d.timeScale,
      });
    }
    if (opts.signal.aborted) throw new AbortedBeforeStart();
    // 5. Testcases.
    const cases = planTestcases(
      selected.map((s) => s.def),
      devices,
      opts.repeat,
      inventory.clusters,
    );
    progress.setTotal(cases.length);
    const result = await runTestcases(cases, { history, budgets, clock, log, signal: opts.signal, workers: opts.workers ?? DEFAULT_WORKERS, ffdcDir, consoleDir, ...(lab ? { lost: lab.lost } : {}) });
    outcome = result.outcome;
    if (result.aborted) reason = result.undoFailed ? `${runAbortReason(opts.signal)}, and a fault could not be undone (the lab may be left changed)` : runAbortReason(opts.signal);
    else if (!opts.allowSkipAll && result.ends.every((e) => e.outcome === 'skipped')) {
      // Nothing was judged: a lab that can run none of the selection (the wrong BMC, a missing
      // capability) must not turn CI green. --allow-skip-all accepts it.
      outcome = 'infra-error';
      reason = everythingSkipped(result.ends);
      log.error(`run stopped: ${reason}`, { component: 'run' });
    }
  } catch (e) {
    if (e instanceof AbortedBeforeStart || opts.signal.aborted) {
      outcome = 'aborted';
      reason = runAbortReason(opts.signal);
    } else {
      // The lab could not be started or connected (or the harness itself broke): nothing was judged.
      outcome = 'infra-error';
      reason = errorMessage(e);
      log.error(`run stopped: ${reason}`, { component: 'run' });
    }
  } finally {
    await Promise.allSettled(devices.map((d) => d.close()));
    if (lab) await lab.stop();
  }

  const exitCode = exitCodeFor(outcome);
  history.append<RunEnd>({ type: 'run-end', outcome, exitCode, ...(reason !== undefined ? { reason } : {}) });
  progress.close();
  history.close();

  // 6. Reports and the summary (computed once, for the reports and the console table alike).
  let summary: RunSummary | null = null;
  try {
    const written = await writeReports(history.records, outDir, { reporters: opts.reporters, historyFile: history.file });
    summary = written.summary;
    for (const f of written.failures) log.error(f.message, { component: 'run' });
  } catch (e) {
    log.error(`could not write the reports: ${errorMessage(e)}`, { component: 'run' });
  }
  opts.stdout.write(summary ? summaryTable(summary) : 'the run summary could not be computed (see ftlab.log); history.jsonl holds everything observed\n');
  opts.stdout.write(`reports: ${outDir}\n`);
  await closeLogger(log);
  return { exitCode, outcome, outDir };
}

/** Why a run where every testcase was skipped is not a pass: the count and the distinct reasons. */
function everythingSkipped(ends: readonly ScenarioEnd[]): string {
  const reasons = [...new Set(ends.map((e) => e.reason ?? 'no reason recorded'))];
  const shown = reasons.slice(0, 3).map((r) => r.split('\n')[0]).join('; ');
  return (
    `every testcase was skipped (${ends.length}), so nothing was tested: the lab could not run any of the selected scenarios ` +
    `(${shown}${reasons.length > 3 ? `; and ${reasons.length - 3} more reason(s)` : ''}); pass --allow-skip-all to accept such a run`
  );
}

/** The out dir, created; a path that cannot be a directory (below a regular file, no permission) is a ConfigError. */
function makeOutDir(dir: string): string {
  const outDir = path.resolve(dir);
  try {
    mkdirSync(outDir, { recursive: true });
    if (!statSync(outDir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? errorMessage(e);
    throw new ConfigError(`--out ${dir}`, `expected a directory that can be created and written (${code}: ${explainFsCode(code)})`, { cause: e });
  }
  return outDir;
}

function explainFsCode(code: string): string {
  switch (code) {
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a part of the path is a file, not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    default:
      return 'cannot create it';
  }
}

/** Console at `level` (stderr); the JSON file in the out dir gets everything down to debug. */
function runLogger(level: LogLevel, jsonFile: string): Logger {
  const log = createLogger({ level: 'debug', jsonFile });
  for (const tr of log.transports) if (tr instanceof winston.transports.Console) tr.level = level;
  return log;
}

class AbortedBeforeStart extends FtlabError {
  constructor() {
    super('aborted before the scenarios started');
  }
}

/** Wait until the file transport has written everything (the log file is complete when the run returns). */
async function closeLogger(log: Logger): Promise<void> {
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, 2000);
    log.on('finish', () => {
      clearTimeout(t);
      resolve();
    });
    log.end();
  });
}
