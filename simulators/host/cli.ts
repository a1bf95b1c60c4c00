/**
 * `ftlab emulate lab`: a lab host, many emulated devices in one process on one lab clock. The
 * first stdout line is one JSON object, {"lab":{...},"devices":[{name, kind, redfish, ipmi,
 * workload, ...}, ...]}; logs go to stderr. Exits 0 on SIGINT/SIGTERM (or stdin EOF with
 * --exit-on-stdin-eof) after closing every socket.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../../lib/errors.ts';
import { createLogger, LOG_LEVELS, type LogLevel } from '../../lib/log.ts';
import { raiseTimingPriority } from '../../lib/thread-priority.ts';
import { untilStopped } from '../../lib/until-stopped.ts';
import { DEFAULT_ACCOUNT } from '../redfish/accounts.ts';
import { combineDevices, loadHostConfig, parseDeviceOption } from './config.ts';
import { startLabHost } from './host.ts';
import { DEVICE_KINDS } from './kinds.ts';
import { readPasswordFile } from './password-file.ts';

export const USAGE = `usage: ftlab emulate lab (--config FILE | --device NAME[:PROFILE]...) [options]

  --config FILE          devices of the lab (YAML or JSON; see simulators/ft/README.md "Lab host")
  --device NAME[:PROFILE]  one more ft device (repeatable); PROFILE is a model parameters file
  --time-scale N         run every model N times faster than real time, on one lab clock (default 1)
  --defect NAME          a defect for every device (repeatable); see ftlab emulate ft --list-defects
  --no-ipmi              serve Redfish only (default: every device also serves IPMI)
  --tls                  serve every Redfish endpoint over HTTPS only, with a CA and a server certificate
                         made for this run (SAN 127.0.0.1, localhost and --host; valid 2 days); each
                         device announces the CA certificate's path as "ca" (removed at exit)
  --host ADDR            address every endpoint binds to (default 127.0.0.1)
  --user U               account name of every BMC (default ${DEFAULT_ACCOUNT.user})
  --password-file F      file holding the account password (default password: ${DEFAULT_ACCOUNT.password})
  --list-kinds           list the device kinds and exit
  --log-level LEVEL      ${LOG_LEVELS.join(', ')} (default info)
  --exit-on-stdin-eof    exit when standard input closes (a supervisor's pipe: die with the parent)

Every endpoint gets a free port unless the config file gives one (devices.NAME.ports).
First stdout line: {"lab":{"timeScale":N,"defects":[...]},"devices":[{"name":"ft0","kind":"ft","redfish":"http://HOST:PORT" (with --tls "https://HOST:PORT","ca":FILE),"ipmi":"HOST:PORT","workload":{"host","udp","tcp"},"timeScale":N,"defects":[...],"profile":NAME},...]}`;

const OPTIONS = {
  config: { type: 'string' },
  device: { type: 'string', multiple: true },
  'time-scale': { type: 'string' },
  defect: { type: 'string', multiple: true },
  'no-ipmi': { type: 'boolean' },
  tls: { type: 'boolean' },
  host: { type: 'string' },
  user: { type: 'string' },
  'password-file': { type: 'string' },
  'list-kinds': { type: 'boolean' },
  'log-level': { type: 'string' },
  'exit-on-stdin-eof': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true });
  } catch (e) {
    throw new ConfigError('ftlab emulate lab', `${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`, { cause: e });
  }
}

function timeScaleOption(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!(n > 0) || !Number.isFinite(n)) throw new ConfigError('--time-scale', `expected a number > 0, got "${raw}"\n\n${USAGE}`);
  return n;
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parse(argv);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values['list-kinds']) {
    process.stdout.write(`${Object.entries(DEVICE_KINDS).map(([k, v]) => `${k}  ${v.summary}`).join('\n')}\n`);
    return 0;
  }
  const level = (values['log-level'] ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(level)) throw new ConfigError('--log-level', `expected one of: ${LOG_LEVELS.join(', ')}, got "${values['log-level']}"`);
  const file = values.config !== undefined ? loadHostConfig(values.config) : null;
  const ipmi = values['no-ipmi'] !== true;
  const fromFile = file && !ipmi ? { ...file, devices: file.devices.map((d) => ({ ...d, ipmi: false })) } : file;
  const labDefects = [...(file?.defects ?? []), ...(values.defect ?? [])];
  const devices = combineDevices(fromFile, (values.device ?? []).map((d) => parseDeviceOption(d, ipmi)), labDefects);
  const timeScale = timeScaleOption(values['time-scale'], file?.timeScale ?? 1);
  const user = values.user ?? DEFAULT_ACCOUNT.user;
  const password = values['password-file'] ? readPasswordFile(values['password-file']) : DEFAULT_ACCOUNT.password;
  const logger = createLogger({ level });
  raiseTimingPriority(logger, 'lab-host');
  const host = await startLabHost({ devices, timeScale, bind: values.host ?? '127.0.0.1', account: { user, password }, logger, defects: labDefects, tls: values.tls === true });
  process.stdout.write(`${JSON.stringify(host.announcement())}\n`);
  await untilStopped({ stdinEof: values['exit-on-stdin-eof'] === true });
  logger.info('shutting down', { component: 'lab-host' });
  await host.close();
  return 0;
}
