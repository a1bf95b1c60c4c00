/**
 * `ftlab emulate ft`: one emulated fault-tolerant server in the foreground. The first stdout line
 * is one JSON object describing the endpoints; logs go to stderr. Exits 0 on SIGINT/SIGTERM after
 * closing every socket.
 */
import { parseArgs } from 'node:util';
import { ConfigError, FtlabError, InfraError, errorMessage } from '../../lib/errors.ts';
import { createLogger, LOG_LEVELS, type LogLevel } from '../../lib/log.ts';
import { untilStopped } from '../../lib/until-stopped.ts';
import { makeRunCertificates, type RunCertificates } from '../../lib/x509/run-certificates.ts';
import { describeDefects, parseDefects } from './defects.ts';
import { loadDefaultProfile, loadProfile } from './profile.ts';
import { readPasswordFile } from '../host/password-file.ts';
import { DEFAULT_ACCOUNT, startFtServer } from './server.ts';
import { startIpmiFor } from './ipmi-adapter.ts';
import { readKgFile } from '../ipmi/kg-file.ts';

export const USAGE = `usage: ftlab emulate ft [options]

  --host ADDR            address to bind Redfish and the workload (default 127.0.0.1)
  --port N               Redfish port; 0 = a free one (default 0)
  --profile FILE         model parameters (default profiles/ft-default.yaml)
  --time-scale N         run the model N times faster than real time (default 1)
  --defect NAME          misbehave on purpose (repeatable); see --list-defects
  --list-defects         list the defect profiles and exit
  --user U               account name (default ${DEFAULT_ACCOUNT.user})
  --password-file F      file holding the account password (default password: ${DEFAULT_ACCOUNT.password})
  --tls                  serve Redfish over HTTPS only, with a CA and a server certificate made for
                         this run (SAN 127.0.0.1, localhost and --host; valid 2 days); the CA
                         certificate's path is announced as "ca" (a private temp folder, removed at exit)
  --ipmi-port N          also serve IPMI (RMCP+) on this UDP port; 0 = a free one
  --kg-file F            IPMI: file holding the BMC key K_g (1..20 bytes; as ipmitool -k takes it)
  --udp-port N           workload UDP echo port (default 0 = a free one)
  --tcp-port N           workload TCP echo port (default 0 = a free one)
  --console-port N       serial console on this TCP port, raw as a console server serves it (default 0 = a free one)
  --console-pty          also offer the serial console on a pseudo-terminal made with socat (its path announced as console.pty)
  --fault-injection      accepted for compatibility: fault injection is always on in this emulator
  --log-level LEVEL      ${LOG_LEVELS.join(', ')} (default info)
  --exit-on-stdin-eof    exit when standard input closes (a supervisor's pipe: die with the parent)

First stdout line: {"kind":"ft","redfish":"http://HOST:PORT","workload":{"udp":P,"tcp":P},"console":{"host":H,"tcp":P,"banner":B[,"pty":PATH]},"timeScale":N,"defects":[...]}
  with --ipmi-port: "ipmi":"HOST:PORT" (Serial-over-LAN serves the same console there)
  with --tls: "redfish":"https://HOST:PORT" and "ca":"/tmp/ftlab-tls-XXXX/ca.pem" (e.g. curl --cacert CA)`;

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  profile: { type: 'string' },
  'time-scale': { type: 'string' },
  defect: { type: 'string', multiple: true },
  'list-defects': { type: 'boolean' },
  user: { type: 'string' },
  'password-file': { type: 'string' },
  tls: { type: 'boolean' },
  'ipmi-port': { type: 'string' },
  'kg-file': { type: 'string' },
  'udp-port': { type: 'string' },
  'console-port': { type: 'string' },
  'console-pty': { type: 'boolean' },
  'tcp-port': { type: 'string' },
  'fault-injection': { type: 'boolean' },
  'log-level': { type: 'string' },
  'exit-on-stdin-eof': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** simulators/ may not import cli/ (layers.test.ts): usage errors are ConfigErrors naming the option (exit 2). */
function usageError(option: string, expectation: string): ConfigError {
  return new ConfigError(option, `${expectation}\n\n${USAGE}`);
}

function portOption(name: string, raw: string | undefined): number {
  if (raw === undefined) return 0;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 65535) throw usageError(`--${name}`, `expected a port from 0 to 65535, got "${raw}"`);
  return n;
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true });
  } catch (e) {
    throw new ConfigError('ftlab emulate ft', `${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`, { cause: e });
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parse(argv);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values['list-defects']) {
    process.stdout.write(`${describeDefects()}\n`);
    return 0;
  }
  const level = (values['log-level'] ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(level)) throw usageError('--log-level', `expected one of: ${LOG_LEVELS.join(', ')}, got "${values['log-level']}"`);
  const timeScale = values['time-scale'] === undefined ? 1 : Number(values['time-scale']);
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw usageError('--time-scale', `expected a number > 0, got "${values['time-scale']}"`);
  const port = portOption('port', values.port);
  const udpPort = portOption('udp-port', values['udp-port']);
  const consolePort = portOption('console-port', values['console-port']);
  const tcpPort = portOption('tcp-port', values['tcp-port']);
  const ipmiPort = values['ipmi-port'] === undefined ? undefined : portOption('ipmi-port', values['ipmi-port']);
  if (values['kg-file'] !== undefined && ipmiPort === undefined) throw usageError('--kg-file', 'is for IPMI: give --ipmi-port too');
  const kg = values['kg-file'] === undefined ? undefined : readKgFile(values['kg-file']);
  const defects = parseDefects(values.defect ?? []);
  const profile = values.profile ? loadProfile(values.profile) : loadDefaultProfile();
  const user = values.user ?? DEFAULT_ACCOUNT.user;
  const password = values['password-file'] ? readPasswordFile(values['password-file']) : DEFAULT_ACCOUNT.password;
  const logger = createLogger({ level });
  const host = values.host ?? '127.0.0.1';
  // removed at exit whatever happens (makeRunCertificates registers it), explicitly on a clean stop
  const certs: RunCertificates | undefined = values.tls ? makeRunCertificates({ hosts: [host] }) : undefined;

  const server = await startFtServer({
    host,
    port,
    profile,
    timeScale,
    defects,
    accounts: [{ user, password, role: 'Administrator' }],
    workloadUdpPort: udpPort,
    consolePort,
    consolePty: values['console-pty'] === true,
    workloadTcpPort: tcpPort,
    logger,
    ...(certs ? { tls: { cert: certs.certPem, key: certs.keyPem, keyUsage: certs.keyUsage } } : {}),
  });
  let ipmi: Awaited<ReturnType<typeof startIpmiFor>> | undefined;
  try {
    if (ipmiPort !== undefined) ipmi = await startIpmiFor(server, { host, port: ipmiPort, user, password, logger, ...(kg ? { kg } : {}) });
  } catch (e) {
    await server.close();
    if (e instanceof FtlabError) throw e;
    throw new InfraError(`--ipmi-port: the IPMI BMC could not start: ${errorMessage(e)}`, { cause: e });
  }
  process.stdout.write(`${JSON.stringify({ ...server.banner(), ...(ipmi ? { ipmi: ipmi.endpoint } : {}), ...(certs ? { ca: certs.caFile } : {}) })}\n`);

  await untilStopped({ stdinEof: values['exit-on-stdin-eof'] === true });
  logger.info('shutting down', { component: 'ft' });
  await ipmi?.close();
  await server.close();
  certs?.remove();
  return 0;
}
