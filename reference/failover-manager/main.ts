/**
 * The reference failover manager's process entry (`ftlab emulate failover-manager` spawns it;
 * nothing imports reference/). First stdout line: the announcement; logs on stderr; SIGINT,
 * SIGTERM or (with --exit-on-stdin-eof) stdin EOF stop it with exit 0. Exit 2 for bad flags or
 * files, 3 when the lab cannot be used.
 */
import { pathToFileURL } from 'node:url';
import { ScaledClock } from '../../lib/clock.ts';
import { ConfigError, errorMessage, InfraError } from '../../lib/errors.ts';
import { createLogger } from '../../lib/log.ts';
import { raiseTimingPriority } from '../../lib/thread-priority.ts';
import { untilStopped } from '../../lib/until-stopped.ts';
import type { DecisionCore } from './process/core-api.ts';
import { type Lab, readLabFile } from './process/lab-file.ts';
import { parseFlags, USAGE, type ManagerFlags } from './process/options.ts';
import { startManager } from './process/start.ts';

async function run(f: ManagerFlags, lab: Lab, core: DecisionCore): Promise<number> {
  const config = core.loadConfig(f.configFile);
  const defects = core.parseDefects(f.defects);
  const first = lab.devices.get(lab.cluster.servers[0] ?? '');
  if (!first) throw new ConfigError(`${f.labFile}: clusters.${lab.cluster.name}.servers`, 'expected at least one server');
  const timeScale = f.timeScale ?? lab.timeScale;
  const logger = createLogger({ level: f.logLevel });
  raiseTimingPriority(logger, 'failover-manager');
  const m = await startManager({
    name: f.name, lab, core, config, defects, defectNames: f.defects, logger, bind: f.host, port: f.port, tls: f.tls, timeScale,
    clock: new ScaledClock(timeScale),
    account: { user: f.apiUser ?? first.user, password: f.apiPassword ?? first.password },
  });
  process.stdout.write(`${JSON.stringify(m.announcement)}\n`);
  await untilStopped({ stdinEof: f.exitOnStdinEof });
  logger.info('shutting down', { component: 'failover-manager' });
  await m.close();
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const f = parseFlags(argv);
    if (f.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    // The lab file is checked before the core is loaded: a bad file is exit 2 whatever the core.
    const lab = f.listDefects ? null : readLabFile(f.labFile, f.clusterName);
    const { decisionCore } = await import('./process/core-port.ts');
    if (!lab) {
      process.stdout.write(`${decisionCore.defects().map((d) => `${d.name.padEnd(22)} ${d.description}`).join('\n')}\n`);
      return 0;
    }
    return await run(f, lab, decisionCore);
  } catch (e) {
    process.stderr.write(`ftlab emulate failover-manager: ${errorMessage(e)}\n`);
    return e instanceof ConfigError ? 2 : e instanceof InfraError ? 3 : 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
