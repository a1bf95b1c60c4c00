import path from 'node:path';
import { DEFAULT_TIME_SCALE } from '../../harness/lab/embedded.ts';
import { parsePoolUrl, poolCredentials } from '../../harness/pool/connect.ts';
import { runWorker } from '../../harness/pool/worker-session.ts';
import type { LabChoice } from '../../harness/session.ts';
import { logLevelOption, numberOption, parseCli, UsageError } from '../../lib/cli-args.ts';
import { createLogger } from '../../lib/log.ts';

export const DEFAULT_LEASE_TTL_MS = 15_000;

const USAGE = `usage: ftlab worker --pool redis://HOST:PORT/DB [options]

Takes queued testcases (from "ftlab run --pool") whose benches it can lease, up to --slots at
once (each on benches of its own), and runs them on its lab. Runs until SIGINT/SIGTERM: it takes no
more work; the testcases in progress are aborted, their faults undone, and given back at once
(queued again for another worker, or recorded as an infra-error with the reason if already a
re-run), their leases released. The Redis password
comes from REDIS_PASSWORD or --pool-password-file; rediss:// uses TLS, verification on (against
--pool-ca FILE or FTLAB_POOL_CA when the server's certificate is signed by a CA of the lab's own).

options:
  --pool URL                the bench pool (required)
  --pool-password-file FILE the Redis password
  --pool-ca FILE            PEM of the CA of a rediss:// server (default FTLAB_POOL_CA, else the system's)
  --lab embedded|FILE       its lab (default: its own embedded lab)
  --time-scale N            embedded lab only (default ${DEFAULT_TIME_SCALE})
  --lease-ttl MS            lease TTL, renewed every third of it (default ${DEFAULT_LEASE_TTL_MS})
  --slots N                 testcases run at once, on distinct benches (default 1)
  --id NAME                 its name in the pool (default HOST-PID)
  --out DIR                 its history.jsonl and leases.jsonl (default reports/worker-ID)
  --scenarios DIR           scenario modules (default scenarios/; the same as the run's)
  --budgets DIR             budget files (default budgets/)
  --log-level LEVEL         console log level (default info)`;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseCli(
    argv,
    {
      pool: { type: 'string' },
      'pool-password-file': { type: 'string' },
      'pool-ca': { type: 'string' },
      lab: { type: 'string' },
      'time-scale': { type: 'string' },
      'lease-ttl': { type: 'string' },
      slots: { type: 'string' },
      id: { type: 'string' },
      out: { type: 'string' },
      scenarios: { type: 'string' },
      budgets: { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    { usage: USAGE },
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.pool === undefined) throw new UsageError('--pool URL is required');
  if (values.id !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(values.id)) throw new UsageError('--id: expected letters, digits, _ . - (at most 64)');
  const labArg = values.lab ?? 'embedded';
  if (labArg !== 'embedded' && values['time-scale'] !== undefined) throw new UsageError('--time-scale applies to the embedded lab only');
  const lab: LabChoice = labArg === 'embedded' ? { kind: 'embedded', timeScale: numberOption('time-scale', values['time-scale'], DEFAULT_TIME_SCALE, { min: 0.001 }), defects: [] } : { kind: 'file', file: labArg };
  const pool = parsePoolUrl(values.pool);
  const ttlMs = numberOption('lease-ttl', values['lease-ttl'], DEFAULT_LEASE_TTL_MS, { min: 300, integer: true });
  const slots = numberOption('slots', values.slots, 1, { min: 1, integer: true });
  const id = values.id ?? `w${process.pid}`;
  const log = createLogger({ level: logLevelOption(values['log-level'], 'info') });
  const ctrl = new AbortController();
  const stop = (signal: NodeJS.Signals): void => ctrl.abort(signal);
  for (const s of ['SIGINT', 'SIGTERM'] as const) process.on(s, stop);
  try {
    return await runWorker({
      pool, credentials: poolCredentials(values), id, lab, ttlMs, slots,
      outDir: values.out ?? path.join('reports', `worker-${id}`), ...(values.scenarios !== undefined ? { scenariosDir: values.scenarios } : {}),
      ...(values.budgets !== undefined ? { budgetsDir: values.budgets } : {}), log, signal: ctrl.signal, argv,
    });
  } finally {
    for (const s of ['SIGINT', 'SIGTERM'] as const) process.off(s, stop);
  }
}
