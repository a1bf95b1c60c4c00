import { connectPool, parsePoolUrl, poolCredentials } from '../../harness/pool/connect.ts';
import { poolKeys } from '../../harness/pool/keys.ts';
import { formatStatus, readStatus } from '../../harness/pool/status.ts';
import { parseCli, UsageError } from '../../lib/cli-args.ts';

const USAGE = `usage: ftlab pool status --pool redis://HOST:PORT/DB [--pool-password-file FILE]
                  [--pool-ca FILE] [--json]

Shows the bench pool: each bench with its lease (holder, fencing token, TTL left), the queued
and running testcases, and the workers with their last heartbeat. Read-only.`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCli(
    argv,
    { pool: { type: 'string' }, 'pool-password-file': { type: 'string' }, 'pool-ca': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    { positionals: true, usage: USAGE },
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== 'status') throw new UsageError(`expected "ftlab pool status"\n\n${USAGE}`);
  if (values.pool === undefined) throw new UsageError('--pool URL is required');
  const redis = await connectPool(parsePoolUrl(values.pool), poolCredentials(values));
  try {
    const status = await readStatus(redis, poolKeys());
    process.stdout.write(values.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
    return 0;
  } finally {
    redis.disconnect();
  }
}
