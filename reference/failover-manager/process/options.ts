/** The command line of `ftlab emulate failover-manager`, checked before anything starts (ConfigError → exit 2). */
import { parseArgs } from 'node:util';
import { ConfigError } from '../../../lib/errors.ts';
import { LOG_LEVELS, type LogLevel } from '../../../lib/log.ts';
import { registerSecret } from '../../../lib/redact.ts';
import { readFileSync } from 'node:fs';

export const USAGE = `usage: ftlab emulate failover-manager --cluster LAB.json [options]

  --cluster LAB.json     the lab file (what "ftlab lab up" writes): the cluster's devices, their
                         Redfish URLs, accounts (passwordFile) and CA certificates
  --cluster-name NAME    the cluster of the lab file to manage (default: its only one)
  --config FILE          the manager's config (YAML; default: the core's default config)
  --defect NAME          misbehave on purpose (repeatable); see --list-defects
  --list-defects         list the defect profiles and exit
  --port N               the API's port (default 0: a free one)
  --host ADDR            the API's address (default 127.0.0.1)
  --tls                  serve the API over HTTPS with a CA made for this run (announced as "ca")
  --name NAME            the manager's name in the announcement (default fm1)
  --api-user U           API account (default: the account of the cluster's first server)
  --api-password-file F  file holding the API password (default: that server's password)
  --time-scale N         lab time runs N times faster (default: the lab file's timeScale)
  --log-level LEVEL      ${LOG_LEVELS.join(', ')} (default info)
  --exit-on-stdin-eof    exit when standard input closes

First stdout line: {"name","kind":"failover-manager","redfish":"http://HOST:PORT","cluster","defects"}.
The API (Basic auth, read-only): /redfish/v1/Oem/FailoverManager/{ManagementTable,Decisions,Events,Config},
Events/SSE, and POST Actions/FailoverManager.SelectScaleOut.`;

const OPTIONS = {
  cluster: { type: 'string' },
  'cluster-name': { type: 'string' },
  config: { type: 'string' },
  defect: { type: 'string', multiple: true },
  'list-defects': { type: 'boolean' },
  port: { type: 'string' },
  host: { type: 'string' },
  tls: { type: 'boolean' },
  name: { type: 'string' },
  'api-user': { type: 'string' },
  'api-password-file': { type: 'string' },
  'time-scale': { type: 'string' },
  'log-level': { type: 'string' },
  'exit-on-stdin-eof': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface ManagerFlags {
  help: boolean;
  listDefects: boolean;
  labFile: string;
  clusterName: string | undefined;
  configFile: string | undefined;
  defects: string[];
  port: number;
  host: string;
  tls: boolean;
  name: string;
  apiUser: string | undefined;
  apiPassword: string | undefined;
  timeScale: number | undefined;
  logLevel: LogLevel;
  exitOnStdinEof: boolean;
}

const bad = (option: string, expectation: string, found?: string): ConfigError =>
  new ConfigError(option, `${expectation}${found === undefined ? '' : ` (found ${JSON.stringify(found)})`}\n\n${USAGE}`);

function apiPassword(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  let pw: string;
  try {
    pw = readFileSync(file, 'utf8').trim();
  } catch (e) {
    throw new ConfigError(`--api-password-file ${file}`, 'expected a readable file holding the password', { cause: e });
  }
  if (!pw) throw new ConfigError(`--api-password-file ${file}`, 'expected a non-empty password');
  registerSecret(pw);
  return pw;
}

export function parseFlags(argv: string[]): ManagerFlags {
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; strict: true }>>['values'];
  try {
    values = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (e) {
    throw new ConfigError('command line', `${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`, { cause: e });
  }
  const only = values.help === true || values['list-defects'] === true;
  if (!only && !values.cluster) throw bad('--cluster', 'expected the lab file (LAB.json, what "ftlab lab up" writes)');
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw bad('--port', 'expected a port from 0 to 65535', values.port);
  const ts = values['time-scale'] === undefined ? undefined : Number(values['time-scale']);
  if (ts !== undefined && !(ts > 0 && Number.isFinite(ts))) throw bad('--time-scale', 'expected a number > 0', values['time-scale']);
  const level = LOG_LEVELS.find((l) => l === (values['log-level'] ?? 'info'));
  if (!level) throw bad('--log-level', `expected one of ${LOG_LEVELS.join(', ')}`, values['log-level']);
  return {
    help: values.help === true,
    listDefects: values['list-defects'] === true,
    labFile: values.cluster ?? '',
    clusterName: values['cluster-name'],
    configFile: values.config,
    defects: values.defect ?? [],
    port,
    host: values.host ?? '127.0.0.1',
    tls: values.tls === true,
    name: values.name ?? 'fm1',
    apiUser: values['api-user'],
    apiPassword: apiPassword(values['api-password-file']),
    timeScale: ts,
    logLevel: level,
    exitOnStdinEof: values['exit-on-stdin-eof'] === true,
  };
}
