/**
 * `ftlab emulate cluster`: one SAN-boot cluster in the foreground, every device its own service
 * root. The first stdout line is the announcement (process/announcement.ts); logs go to stderr.
 * Exits 0 on SIGINT/SIGTERM (or stdin EOF with --exit-on-stdin-eof) after closing every socket.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../../lib/errors.ts';
import { createLogger, LOG_LEVELS, type LogLevel } from '../../lib/log.ts';
import { untilStopped } from '../../lib/until-stopped.ts';
import { makeRunCertificates, type RunCertificates } from '../../lib/x509/run-certificates.ts';
import { readPasswordFile } from '../host/password-file.ts';
import { DEFAULT_ACCOUNT } from '../redfish/accounts.ts';
import { DEFAULT_CLUSTER_CONFIG, loadClusterConfig } from './config/load.ts';
import { MAX_FLEET_SERVERS, serversOnlyConfig } from './config/servers-only.ts';
import { CLUSTER_DEFECTS, parseClusterDefects } from './model/defects.ts';
import { fleetIpmiHooks } from './process/ipmi-hook.ts';
import { startClusterProcess } from './process/start.ts';

export const USAGE = `usage: ftlab emulate cluster [options]

  --config FILE          the cluster (YAML; schema simulators/cluster/cluster.schema.json;
                         default simulators/cluster/cluster-default.yaml)
  --servers N            instead: N servers only (1 to ${MAX_FLEET_SERVERS}), the config's hardware kinds in
                         turn, all powered off, no volumes, zones, businesses or partitions (fleet scale)
  --time-scale N         run the model N times faster than real time (default 1)
  --defect NAME          misbehave on purpose (repeatable); see --list-defects
  --list-defects         list the defects and exit
  --host ADDR            address every endpoint binds to (default 127.0.0.1)
  --user U               account of every device (default ${DEFAULT_ACCOUNT.user})
  --password-file F      file holding the account password (default password: ${DEFAULT_ACCOUNT.password})
  --tls                  serve every Redfish endpoint over HTTPS only, with a CA and a server certificate
                         made for this run; each device announces the CA certificate's path as "ca"
  --no-ipmi              serve the server BMCs over Redfish only
  --log-level LEVEL      ${LOG_LEVELS.join(', ')} (default info)
  --exit-on-stdin-eof    exit when standard input closes (a supervisor's pipe: die with the parent)

First stdout line:
  {"cluster":{"name","timeScale","defects","truth":"http://HOST:PORT"},
   "devices":[{"name","kind":"server|ethernet-switch|fc-switch|array","redfish","ipmi"?,"ca"?,"fabric"?}],
   "businesses":[{"name","priority","host","udp","tcp"}]}
"truth" (ground truth and BMC repair, Basic auth with the account) is for tests and benchmarks only.`;

const OPTIONS = {
  config: { type: 'string' },
  servers: { type: 'string' },
  'time-scale': { type: 'string' },
  defect: { type: 'string', multiple: true },
  'list-defects': { type: 'boolean' },
  host: { type: 'string' },
  user: { type: 'string' },
  'password-file': { type: 'string' },
  tls: { type: 'boolean' },
  'no-ipmi': { type: 'boolean' },
  'log-level': { type: 'string' },
  'exit-on-stdin-eof': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function usageError(option: string, expectation: string): ConfigError {
  return new ConfigError(option, `${expectation}\n\n${USAGE}`);
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true });
  } catch (e) {
    throw new ConfigError('ftlab emulate cluster', `${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`, { cause: e });
  }
}

type Values = ReturnType<typeof parse>['values'];

/** Everything the options say, checked before anything starts. */
function settings(values: Values) {
  const level = (values['log-level'] ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(level)) throw usageError('--log-level', `expected one of: ${LOG_LEVELS.join(', ')}, got "${values['log-level']}"`);
  const timeScale = values['time-scale'] === undefined ? 1 : Number(values['time-scale']);
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw usageError('--time-scale', `expected a number > 0, got "${values['time-scale']}"`);
  const servers = values.servers === undefined ? undefined : Number(values.servers);
  if (servers !== undefined && !/^\d+$/.test(values.servers ?? '')) throw usageError('--servers', `expected a number of servers from 1 to ${MAX_FLEET_SERVERS}, got "${values.servers}"`);
  const base = loadClusterConfig(values.config ?? DEFAULT_CLUSTER_CONFIG);
  return {
    level,
    timeScale,
    config: servers === undefined ? base : serversOnlyConfig(base, servers),
    defects: parseClusterDefects(values.defect ?? []),
    account: { user: values.user ?? DEFAULT_ACCOUNT.user, password: values['password-file'] ? readPasswordFile(values['password-file']) : DEFAULT_ACCOUNT.password },
    bind: values.host ?? '127.0.0.1',
  };
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parse(argv);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values['list-defects']) {
    process.stdout.write(`${Object.entries(CLUSTER_DEFECTS).map(([k, v]) => `${k.padEnd(18)} ${v}`).join('\n')}\n`);
    return 0;
  }
  const s = settings(values);
  const logger = createLogger({ level: s.level });
  // removed at exit whatever happens (makeRunCertificates registers it), explicitly on a clean stop
  const certs: RunCertificates | undefined = values.tls ? makeRunCertificates({ hosts: [s.bind] }) : undefined;
  const cluster = await startClusterProcess({
    config: s.config,
    timeScale: s.timeScale,
    defects: s.defects,
    bind: s.bind,
    account: s.account,
    logger,
    serverServices: values['no-ipmi'] ? [] : fleetIpmiHooks(),
    ...(certs ? { tls: { cert: certs.certPem, key: certs.keyPem, caFile: certs.caFile } } : {}),
  });
  process.stdout.write(`${JSON.stringify(cluster.announcement())}\n`);
  await untilStopped({ stdinEof: values['exit-on-stdin-eof'] === true });
  logger.info('shutting down', { component: 'cluster' });
  await cluster.close();
  certs?.remove();
  return 0;
}
