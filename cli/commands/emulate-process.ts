/**
 * `ftlab emulate failover-manager`: the reference failover manager is a separate process (a
 * client of the lab like any real manager; nothing imports reference/), so it is spawned with the
 * same stdio. SIGINT and SIGTERM are passed on; the exit code is the child's.
 */
import { spawn } from 'node:child_process';

const MANAGER = new URL('../../reference/failover-manager/main.ts', import.meta.url).pathname;

export function spawnManager(argv: string[]): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', MANAGER, ...argv], { stdio: 'inherit' });
  const pass = (sig: NodeJS.Signals) => () => void child.kill(sig);
  const onInt = pass('SIGINT');
  const onTerm = pass('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise((resolve) => {
    const done = (code: number): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code);
    };
    child.once('error', (e) => {
      process.stderr.write(`ftlab emulate failover-manager: could not start ${MANAGER}: ${e.message}\n`);
      done(3);
    });
    child.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}
