import path from 'node:path';
import { DEFAULT_TIME_SCALE } from '../../harness/lab/embedded.ts';
import { killAllEmulatorsNow } from '../../harness/lab/emulator-process.ts';
import { DEFAULT_WORKERS, EXIT_ABORTED, type LabChoice, runSession } from '../../harness/session.ts';
import { parseGrep, parseShard } from '../../harness/selection.ts';
import { parsePoolUrl, poolCredentials } from '../../harness/pool/connect.ts';
import { runPoolSession } from '../../harness/pool/pool-run.ts';
import { LOG_LEVELS } from '../../lib/log.ts';
import { parseReporterList, REPORTERS } from '../../reports/index.ts';
import { logLevelOption, numberOption, parseCli, UsageError } from '../../lib/cli-args.ts';
import { runAbortedBy } from '../../harness/runner/control.ts';

const USAGE = `usage: ftlab run [SCENARIO_ID|GLOB ...] [options]

Runs scenarios and writes index.html, junit.xml, results.json, compliance.md and history.jsonl
into --out. With no arguments: starts the embedded lab on 127.0.0.1 and runs the 'nightly' suite.

options:
  --lab embedded|FILE     the lab to test: the embedded lab (default) or an inventory YAML file
  --suite NAME            only scenarios of this suite (default nightly when no ids are given)
  --grep REGEX            only scenarios whose id or title matches
  --repeat N              run each scenario N times (p50/p95/max per measurement); default 1
  --time-scale N          embedded lab only: run the emulators N times faster (default ${DEFAULT_TIME_SCALE})
  --defect NAME           embedded lab only: start the emulators with this defect profile (repeatable)
  --no-tls                embedded lab only: serve Redfish over plain HTTP (default: HTTPS with a CA
                          made for the run, verification on, trusting only that CA)
  --out DIR               where the reports go (default reports/latest)
  --reporter LIST         comma-separated: ${REPORTERS.join(',')} (default all)
  --log-level LEVEL       console log level: ${LOG_LEVELS.join(', ')} (default info)
  --shard I/N             run the I-th of N shards of the selection
  --workers N             run up to N testcases at once when they share no device
                          (default ${DEFAULT_WORKERS}: half the cores, at least 2)
  --scenarios DIR         scenario modules to discover (default scenarios/)
  --budgets DIR           budget files (default budgets/)
  --allow-skip-all        a run whose every testcase is skipped passes (else it exits 3: nothing was tested)
  --pool URL              run on a bench pool (redis://HOST:PORT/DB, rediss:// for TLS): enqueue the
                          testcases for "ftlab worker" processes, wait for their results, write the
                          reports (the lab is the workers'; password from REDIS_PASSWORD or
                          --pool-password-file)
  --any-bench             with --pool: each scenario x iteration once, on whichever of the benches
                          its roles and tags allow a worker leases first (default: on every one)
  --pool-password-file F  the pool's Redis password
  --pool-ca FILE          PEM of the CA of a rediss:// pool server (default FTLAB_POOL_CA)

Exit codes: 0 passed, 1 SUT failure / budget or invariant violation, 2 usage or configuration
error (also a selection of no scenario), 3 infrastructure error (also: every testcase skipped,
unless --allow-skip-all), 130 interrupted (Ctrl-C; the lab is restored, reports marked aborted).`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCli(
    argv,
    {
      lab: { type: 'string' },
      suite: { type: 'string' },
      grep: { type: 'string' },
      repeat: { type: 'string' },
      'time-scale': { type: 'string' },
      defect: { type: 'string', multiple: true },
      'no-tls': { type: 'boolean' },
      out: { type: 'string' },
      reporter: { type: 'string' },
      'log-level': { type: 'string' },
      shard: { type: 'string' },
      workers: { type: 'string' },
      scenarios: { type: 'string' },
      budgets: { type: 'string' },
      'allow-skip-all': { type: 'boolean' },
      pool: { type: 'string' },
      'any-bench': { type: 'boolean' },
      'pool-password-file': { type: 'string' },
      'pool-ca': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    { positionals: true, usage: USAGE },
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.pool !== undefined) {
    for (const o of ['lab', 'time-scale', 'defect', 'no-tls', 'workers'] as const) if (values[o] !== undefined) throw new UsageError(`--${o} does not apply with --pool (the workers have the lab)`);
  } else for (const o of ['pool-password-file', 'pool-ca', 'any-bench'] as const) if (values[o] !== undefined) throw new UsageError(`--${o} applies with --pool only`);
  const labArg = values.lab ?? 'embedded';
  const embedded = labArg === 'embedded';
  if (!embedded && values['time-scale'] !== undefined) throw new UsageError('--time-scale applies to the embedded lab only (a real lab runs in real time)');
  if (!embedded && values.defect?.length) throw new UsageError('--defect applies to the embedded lab only');
  if (!embedded && values['no-tls']) throw new UsageError('--no-tls applies to the embedded lab only (set insecure or ca per device in the inventory)');
  const logLevel = logLevelOption(values['log-level'], 'info');
  const lab: LabChoice = embedded
    ? { kind: 'embedded', timeScale: numberOption('time-scale', values['time-scale'], DEFAULT_TIME_SCALE, { min: 0.001 }), defects: values.defect ?? [], ...(values['no-tls'] ? { tls: false } : {}) }
    : { kind: 'file', file: labArg };

  // First Ctrl-C: abort the scenario in progress, undo its faults, write the reports (aborted), stop the lab.
  // Second Ctrl-C: exit at once.
  const ctrl = new AbortController();
  let interrupts = 0;
  const onSigint = (signal?: NodeJS.Signals): void => {
    if (signal === 'SIGHUP') {
      // The terminal is gone: writing to it may fail (EIO/EPIPE); the reports are files.
      for (const s of [process.stdout, process.stderr]) s.on('error', () => undefined);
    }
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('\nftlab: interrupted: undoing faults and writing the reports (Ctrl-C again to exit at once)\n');
      ctrl.abort(runAbortedBy(signal ?? 'SIGINT'));
    } else {
      killAllEmulatorsNow();
      process.exit(EXIT_ABORTED);
    }
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  // Terminal closed or SSH dropped: like SIGTERM (faults undone, reports written, marked aborted).
  process.on('SIGHUP', onSigint);
  const common = {
    argv,
    selection: {
      patterns: positionals,
      ...(values.suite !== undefined ? { suite: values.suite } : {}),
      ...(values.grep !== undefined ? { grep: parseGrep(values.grep) } : {}),
      ...(values.shard !== undefined ? { shard: parseShard(values.shard) } : {}),
    },
    repeat: numberOption('repeat', values.repeat, 1, { min: 1, integer: true }),
    outDir: values.out ?? path.join('reports', 'latest'),
    reporters: values.reporter !== undefined ? parseReporterList(values.reporter) : [...REPORTERS],
    logLevel,
    ...(values.scenarios !== undefined ? { scenariosDir: values.scenarios } : {}),
    ...(values.budgets !== undefined ? { budgetsDir: values.budgets } : {}),
    stdout: process.stdout,
    signal: ctrl.signal,
    ...(values['allow-skip-all'] ? { allowSkipAll: true } : {}),
  };
  try {
    if (values.pool !== undefined) {
      const pool = parsePoolUrl(values.pool);
      const credentials = poolCredentials(values);
      return (await runPoolSession({ ...common, pool, credentials, ...(values['any-bench'] ? { anyBench: true } : {}) })).exitCode;
    }
    const workers = numberOption('workers', values.workers, DEFAULT_WORKERS, { min: 1, integer: true });
    return (await runSession({ ...common, workers, lab })).exitCode;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    process.off('SIGHUP', onSigint);
  }
}
