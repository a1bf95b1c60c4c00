import { ConfigError, InfraError, errorMessage } from '../lib/errors.ts';
import { UsageError } from '../lib/cli-args.ts';
import { redactString } from '../lib/redact.ts';
import { stopWhenLauncherDies } from '../lib/launcher-watch.ts';

/** Each command lives in its own module and is loaded only when used. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ main(argv: string[]): Promise<number> }> }> = {
  run: { summary: 'run scenarios against the embedded lab or a real one', load: () => import('./commands/run.ts') },
  list: { summary: 'list scenarios with their requirement IDs and tags', load: () => import('./commands/list.ts') },
  report: { summary: 'render every report again from DIR/history.jsonl', load: () => import('./commands/report.ts') },
  merge: { summary: 'merge shards (or runs) into one history and one set of reports', load: () => import('./commands/merge.ts') },
  lab: { summary: 'lab up: start the embedded lab and keep it running', load: () => import('./commands/lab.ts') },
  emulate: { summary: 'run one simulator alone (ft, mockup, ...)', load: () => import('./commands/emulate.ts') },
  bmc: { summary: 'ad-hoc BMC commands over Redfish or IPMI', load: () => import('./commands/bmc.ts') },
  worker: { summary: 'take testcases from a bench pool (Redis) and run them on its lab', load: () => import('./commands/worker.ts') },
  pool: { summary: 'pool status: benches, leases, queue and workers of a bench pool', load: () => import('./commands/pool.ts') },
  console: { summary: 'attach to a device\'s serial console (read-only unless --write)', load: () => import('./commands/console.ts') },
};

export const USAGE = `usage: ftlab COMMAND [options]

commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join('\n')}

Run "ftlab COMMAND --help" for a command's options.
Exit codes: 0 passed, 1 SUT failure / budget or invariant violation, 2 usage or configuration error,
3 infrastructure error (lab unreachable, credentials refused, a fault could not be undone),
130 interrupted (Ctrl-C: faults undone, reports marked aborted).`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  if (name === '--version') {
    const { version } = await import('./version.ts');
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`ftlab: unknown command "${name}"\n\n${USAGE}\n`);
    return 2;
  }
  const unwatch = stopWhenLauncherDies();
  try {
    const mod = await command.load();
    return await mod.main(rest);
  } catch (e) {
    // Every message goes through the logs' redaction: registered secrets and URL passwords.
    if (e instanceof UsageError || e instanceof ConfigError) {
      process.stderr.write(`ftlab ${name}: ${redactString(errorMessage(e))}\n`);
      return 2;
    }
    if (e instanceof InfraError) {
      process.stderr.write(`ftlab ${name}: ${redactString(errorMessage(e))}\n`);
      return 3;
    }
    // A bug: the stack helps, but redacted like the rest (exit 1, as an uncaught error would).
    process.stderr.write(`ftlab ${name}: internal error: ${redactString(e instanceof Error ? (e.stack ?? e.message) : String(e))}\n`);
    return 1;
  } finally {
    unwatch();
  }
}
