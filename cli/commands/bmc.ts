/**
 * `ftlab bmc`: ad-hoc commands to one BMC over IPMI (native RMCP+ client) or Redfish, through
 * the same capability interfaces the harness uses (PowerControl, LogReader, SensorReader).
 * The password comes from FTLAB_PASSWORD or --password-file, the IPMI BMC key (Kg) from FTLAB_KG or
 * --kg-file: never from argv. With --json, errors are a JSON document on stdout too.
 * Exit codes: 0 done; 1 the BMC refused the command; 2 usage; 3 unreachable or credentials refused.
 */
import { readFileSync } from 'node:fs';
import type { LogRecord } from '../../drivers/capabilities/log-reader.ts';
import type { PowerAction, PowerControl } from '../../drivers/capabilities/power-control.ts';
import type { LogReader } from '../../drivers/capabilities/log-reader.ts';
import type { SensorReader, SensorReading } from '../../drivers/capabilities/sensors.ts';
import { ConfigError, DeadlineError, FtlabError, InfraError, errorMessage } from '../../lib/errors.ts';
import { createLogger, LOG_LEVELS, type LogLevel } from '../../lib/log.ts';
import { redactString, registerSecret } from '../../lib/redact.ts';
import { logLevelOption, numberOption, parseCli, UsageError } from '../../lib/cli-args.ts';
import { alignRow, columnWidths } from '../../lib/columns.ts';
import type { IpmiEndpointConfig } from '../../harness/inventory/types.ts';
import { DIRECT_OPTIONS, labBmcs, type LabBmc } from './bmc-lab.ts';

export const USAGE = `usage: ftlab bmc (--ipmi HOST[:PORT] | --redfish URL) --user U [options] COMMAND
       ftlab bmc --lab FILE (--device NAME | --cluster NAME) [--via ipmi|redfish] [options] COMMAND

commands:
  power status | on | off | cycle | reset | soft
  sel list | clear
  sensors
  info

options:
  --lab FILE             an inventory (lab.yaml, or the lab.json of "ftlab lab up"): the BMC's endpoint,
                         account, password reference and TLS trust come from it
  --device NAME          with --lab: the device to act on (e.g. a fleet server srv01)
  --cluster NAME         with --lab: every server of this cluster, one after the other
  --via PROTOCOL         with --lab: ipmi or redfish (default: redfish when the device has it)
  --ipmi HOST[:PORT]     IPMI over LAN (RMCP+), port 623 by default
  --redfish URL          Redfish service, e.g. https://10.0.0.5 or http://127.0.0.1:8000
  --user U               account name (required)
  --password-file F      file holding the password (else the FTLAB_PASSWORD environment variable)
  --privilege P          IPMI session privilege: user, operator, administrator (default administrator)
  --cipher N             IPMI cipher suite to propose (default 17, then 3)
  --kg                   IPMI: log in with the BMC key Kg, read from the FTLAB_KG environment variable
  --kg-file F            IPMI: file holding the BMC key Kg (implies --kg)
  --system ID            Redfish: the ComputerSystem to act on (its Id); required for a power action
                         when the service has several systems
  --auth MODE            Redfish authentication: session (default) or basic
  --insecure             Redfish over HTTPS without certificate verification
  --ca FILE              Redfish: trust this CA bundle (PEM)
  --timeout MS           deadline per call (default 5000)
  --json                 machine-readable output (one JSON document; errors too: {"error": ...})
  --log-level LEVEL      ${LOG_LEVELS.join(', ')} (default warn; logs go to stderr)

exit codes: 0 done, 1 the BMC refused the command, 2 usage error, 3 BMC unreachable or credentials refused`;

const OPTIONS = {
  lab: { type: 'string' },
  device: { type: 'string' },
  cluster: { type: 'string' },
  via: { type: 'string' },
  ipmi: { type: 'string' },
  redfish: { type: 'string' },
  user: { type: 'string' },
  'password-file': { type: 'string' },
  privilege: { type: 'string' },
  cipher: { type: 'string' },
  kg: { type: 'boolean' },
  'kg-file': { type: 'string' },
  system: { type: 'string' },
  auth: { type: 'string' },
  insecure: { type: 'boolean' },
  ca: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const POWER_ACTIONS: Readonly<Record<string, PowerAction>> = {
  on: 'On',
  off: 'ForceOff',
  cycle: 'PowerCycle',
  reset: 'ForceRestart',
  soft: 'GracefulShutdown',
};

type Command = { kind: 'power-status' } | { kind: 'power'; action: PowerAction } | { kind: 'sel-list' } | { kind: 'sel-clear' } | { kind: 'sensors' } | { kind: 'info' };

/** One BMC seen through the capabilities, whatever the protocol. */
interface BmcView {
  readonly protocol: 'ipmi' | 'redfish';
  readonly target: string;
  power(): PowerControl;
  logs(): LogReader;
  /** The SEL with a note when the listing stopped early (IPMI's record cap); absent = never partial. */
  selListing?(signal: AbortSignal): Promise<{ records: LogRecord[]; partial: string | undefined }>;
  sensors(): SensorReader;
  info(signal: AbortSignal): Promise<Record<string, string | number | boolean | null>>;
  /** Refuse a command whose target is ambiguous (several systems, none chosen), before it is sent. */
  checkTarget?(cmd: Command, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

function parseCommand(words: string[]): Command {
  const [group, sub, ...extra] = words;
  const bad = (what: string): never => {
    throw new UsageError(`${what}\n\n${USAGE}`);
  };
  if (!group) return bad('a COMMAND is required (power, sel, sensors or info)');
  if (group === 'power') {
    if (extra.length) bad(`unexpected argument "${extra[0]}" after "power ${sub}"`);
    if (sub === 'status') return { kind: 'power-status' };
    const action = sub ? POWER_ACTIONS[sub] : undefined;
    if (!action) return bad(`"power" expects one of status, ${Object.keys(POWER_ACTIONS).join(', ')}${sub ? `, got "${sub}"` : ''}`);
    return { kind: 'power', action };
  }
  if (group === 'sel') {
    if (extra.length) bad(`unexpected argument "${extra[0]}" after "sel ${sub}"`);
    if (sub === undefined || sub === 'list') return { kind: 'sel-list' };
    if (sub === 'clear') return { kind: 'sel-clear' };
    return bad(`"sel" expects list or clear, got "${sub}"`);
  }
  if (group === 'sensors' || group === 'info') {
    if (sub !== undefined) bad(`unexpected argument "${sub}" after "${group}"`);
    return { kind: group };
  }
  return bad(`unknown command "${group}"; expected power, sel, sensors or info`);
}

/** HOST, HOST:PORT, [V6]:PORT → host and port (623 by default). */
export function parseIpmiTarget(raw: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(raw) ?? /^([^:]+)(?::(\d+))?$/.exec(raw);
  const port = m?.[2] === undefined ? 623 : Number(m[2]);
  if (!m || !m[1] || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`--ipmi expects HOST[:PORT] with a port 1-65535 (IPv6 as [ADDR]:PORT), got "${raw}"`);
  }
  return { host: m[1], port };
}

function readSecretFile(option: string, file: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${option} ${file}`, `expected a readable file holding the ${what} (${(e as NodeJS.ErrnoException).code ?? errorMessage(e)})`, { cause: e });
  }
  const secret = text.replace(/\r?\n$/, '');
  if (!secret) throw new ConfigError(`${option} ${file}`, `expected a non-empty ${what}`);
  registerSecret(secret);
  return secret;
}

function readPassword(file: string | undefined): string {
  if (file !== undefined) return readSecretFile('--password-file', file, 'password');
  const env = process.env.FTLAB_PASSWORD;
  if (!env) throw new UsageError(`the password comes from the FTLAB_PASSWORD environment variable or --password-file F; neither is set\n\n${USAGE}`);
  registerSecret(env);
  return env;
}

/** The BMC key Kg when --kg or --kg-file asks for one (file first, else FTLAB_KG), else undefined. */
function readKg(wanted: boolean, file: string | undefined): string | undefined {
  if (file !== undefined) return readSecretFile('--kg-file', file, 'BMC key (Kg)');
  if (!wanted) return undefined;
  const env = process.env.FTLAB_KG;
  if (!env) throw new UsageError(`--kg takes the BMC key from the FTLAB_KG environment variable or --kg-file F; neither is set\n\n${USAGE}`);
  registerSecret(env);
  return env;
}

/** An IPMI endpoint: from --ipmi/--user/--cipher, or from the inventory. */
interface IpmiTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  cipherSuites?: number[];
  allowInsecure?: boolean;
  protocol?: IpmiEndpointConfig['protocol'];
}

async function openIpmi(ep: IpmiTarget, o: { kg: string | undefined; privilege: string | undefined; timeoutMs: number; level: LogLevel }): Promise<BmcView> {
  const { host, port } = ep;
  const privilege = o.privilege ?? 'administrator';
  if (privilege !== 'user' && privilege !== 'operator' && privilege !== 'administrator') {
    throw new UsageError(`--privilege expects user, operator or administrator, got "${privilege}"`);
  }
  const { IpmiClient } = await import('../../drivers/ipmi/client.ts');
  const { ipmiCapabilities } = await import('../../drivers/ipmi/capabilities.ts');
  const client = await IpmiClient.connect({
    host,
    port,
    user: ep.user,
    password: ep.password,
    ...(o.kg !== undefined ? { kg: o.kg } : {}),
    privilege,
    timeoutMs: o.timeoutMs,
    keepAliveMs: 0,
    logger: createLogger({ level: o.level }),
    ...(ep.cipherSuites ? { cipherSuites: ep.cipherSuites } : {}),
    ...(ep.allowInsecure !== undefined ? { allowInsecure: ep.allowInsecure } : {}),
    ...(ep.protocol !== undefined ? { protocol: ep.protocol } : {}),
  });
  const caps = ipmiCapabilities(client);
  return {
    protocol: 'ipmi',
    target: `${host}:${port}`,
    power: () => caps.PowerControl,
    logs: () => caps.LogReader,
    selListing: (signal) => caps.LogReader.listing('SEL', signal),
    sensors: () => caps.SensorReader,
    info: async (signal) => {
      const id = await client.deviceId(signal);
      const bcd = (v: number): string => `${v >> 4}${v & 0x0f}`;
      return {
        protocol: 'IPMI 2.0 (RMCP+)',
        target: `${host}:${port}`,
        cipherSuite: client.session.cipherSuite ?? null,
        deviceId: id.deviceId,
        deviceRevision: id.deviceRevision,
        firmware: `${id.firmwareMajor}.${bcd(id.firmwareMinorBcd)}`,
        ipmiVersion: `${id.ipmiVersionBcd & 0x0f}.${id.ipmiVersionBcd >> 4}`,
        manufacturerId: id.manufacturerId,
      };
    },
    close: () => client.close(),
  };
}

async function openRedfish(
  url: string,
  o: { user: string; password: string; insecure: boolean; ca: string | undefined; timeoutMs: number; level: LogLevel; system: string | undefined; auth: string | undefined },
): Promise<BmcView> {
  let base: URL;
  try {
    base = new URL(url);
  } catch (e) {
    throw new UsageError(`--redfish expects a URL such as https://10.0.0.5, got "${url}"`, { cause: e });
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new UsageError(`--redfish expects an http:// or https:// URL, got "${url}"`);
  if (o.insecure && o.ca) throw new UsageError('--insecure and --ca exclude each other');
  const auth = o.auth ?? 'session';
  if (auth !== 'session' && auth !== 'basic') throw new UsageError(`--auth expects session or basic, got "${auth}"`);
  const { RedfishClient } = await import('../../drivers/redfish/client.ts');
  const { redfishCapabilities } = await import('../../drivers/redfish/capabilities/index.ts');
  const { RedfishDiscovery, systemIdOf } = await import('../../drivers/redfish/discovery.ts');
  const client = new RedfishClient({
    baseUrl: base.origin,
    auth: { mode: auth, username: o.user, password: o.password },
    timeoutMs: o.timeoutMs,
    retries: 1,
    logger: createLogger({ level: o.level }),
    where: '--redfish',
    ...(o.insecure ? { tls: { insecure: true } } : o.ca ? { tls: { ca: o.ca } } : {}),
  });
  const discovery = new RedfishDiscovery(client, o.system !== undefined ? { systemId: o.system } : {});
  const caps = redfishCapabilities(client, { discovery });
  const need = <T>(v: T | undefined, name: string): T => {
    if (!v) throw new InfraError(`the Redfish service at ${base.origin} offers no ${name}`);
    return v;
  };
  return {
    protocol: 'redfish',
    target: base.origin,
    power: () => need(caps.PowerControl, 'PowerControl'),
    logs: () => need(caps.LogReader, 'LogReader'),
    sensors: () => need(caps.SensorReader, 'SensorReader'),
    info: async (signal) => {
      const root = await discovery.serviceRoot({ signal });
      const sys = await discovery.system({ signal });
      return {
        protocol: 'Redfish',
        target: base.origin,
        redfishVersion: root.redfishVersion,
        system: sys.path,
        powerState: sys.powerState,
        health: sys.status.health ?? null,
        ftState: sys.ftLab?.ftState ?? null,
      };
    },
    checkTarget: async (cmd, signal) => {
      if (o.system !== undefined) {
        await discovery.systemPath({ signal }); // an unknown Id is a usage error listing the systems
        return;
      }
      if (cmd.kind !== 'power') return;
      const systems = await discovery.systems({ signal });
      if (systems.length > 1) {
        throw new UsageError(
          `${base.origin} has ${systems.length} systems (${systems.map(systemIdOf).join(', ')}); refusing power ${cmd.action} on an ambiguous target: choose one with --system ID`,
        );
      }
    },
    close: () => client.close(),
  };
}

function table(rows: string[][]): string {
  const widths = columnWidths(rows);
  return rows.map((r) => alignRow(r, widths, ' | ')).join('\n');
}

function formatSel(entries: LogRecord[]): string {
  if (entries.length === 0) return 'SEL has no entries';
  return table([
    ['ID', 'Time', 'Sensor', 'Event', 'Severity'],
    ...entries.map((e) => [
      e.id,
      e.eventTimestamp ?? e.created,
      e.sensorType ? `${e.sensorType}${e.sensorNumber !== undefined ? ` #0x${e.sensorNumber.toString(16).padStart(2, '0')}` : ''}` : (e.originOfCondition ?? ''),
      e.entryCode ?? e.message,
      e.severity,
    ]),
  ]);
}

function formatSensors(readings: SensorReading[]): string {
  if (readings.length === 0) return 'no sensors';
  return table([
    ['Name', 'Type', 'Reading', 'Status'],
    ...readings.map((r) => [r.name, r.type, r.value === null ? (r.assertedStates?.join(', ') ?? 'n/a') : `${r.value}${r.unit ? ` ${r.unit}` : ''}`, r.status]),
  ]);
}

async function run(view: BmcView, cmd: Command, json: boolean, timeoutMs: number): Promise<string> {
  const signal = AbortSignal.timeout(Math.max(timeoutMs * 4, 10_000));
  await view.checkTarget?.(cmd, signal);
  switch (cmd.kind) {
    case 'power-status': {
      const state = await view.power().state(signal);
      return json ? JSON.stringify({ target: view.target, power: state }) : `Power is ${state.toLowerCase()}`;
    }
    case 'power':
      await view.power().request(cmd.action, signal);
      return json ? JSON.stringify({ target: view.target, action: cmd.action, accepted: true }) : `Power action ${cmd.action} accepted`;
    case 'sel-list': {
      if (view.selListing) {
        const { records, partial } = await view.selListing(signal);
        if (json) return JSON.stringify({ target: view.target, log: 'SEL', entries: records, ...(partial ? { partial } : {}) });
        return partial ? `${formatSel(records)}\nPARTIAL listing: ${partial}` : formatSel(records);
      }
      const reader = view.logs();
      const kinds = await reader.logs();
      const kind = kinds.includes('SEL') ? 'SEL' : kinds[0];
      if (!kind) throw new InfraError(`${view.target} offers no event log`);
      const entries = await reader.entries(kind, signal);
      return json ? JSON.stringify({ target: view.target, log: kind, entries }) : formatSel(entries);
    }
    case 'sel-clear': {
      const reader = view.logs();
      const kinds = await reader.logs();
      const kind = kinds.includes('SEL') ? 'SEL' : kinds[0];
      if (!kind) throw new InfraError(`${view.target} offers no event log`);
      await reader.clear(kind, signal);
      return json ? JSON.stringify({ target: view.target, log: kind, cleared: true }) : `${kind} cleared`;
    }
    case 'sensors': {
      const readings = await view.sensors().read(signal);
      return json ? JSON.stringify({ target: view.target, sensors: readings }) : formatSensors(readings);
    }
    case 'info': {
      const info = await view.info(signal);
      return json ? JSON.stringify(info) : Object.entries(info).map(([k, v]) => `${k.padEnd(16)}: ${v === null ? 'n/a' : String(v)}`).join('\n');
    }
  }
}

/** What an error means for the user: its exit code and kind (see the file comment). */
function classify(e: unknown): { code: number; kind: 'usage' | 'config' | 'infra' | 'refused' } | undefined {
  if (e instanceof UsageError) return { code: 2, kind: 'usage' };
  if (e instanceof ConfigError) return { code: 2, kind: 'config' };
  if (e instanceof InfraError || e instanceof DeadlineError) return { code: 3, kind: 'infra' };
  // The BMC answered but refused (a completion code, an action it does not offer in this state).
  if (e instanceof FtlabError) return { code: 1, kind: 'refused' };
  return undefined;
}

export async function main(argv: string[]): Promise<number> {
  // --json is honoured even when the rest of the command line does not parse.
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parseCli(argv, OPTIONS, { positionals: true, usage: USAGE });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    json = values.json ?? false;
    return await execute(values, positionals, json);
  } catch (e) {
    const c = classify(e);
    if (json && c) {
      // One JSON document on stdout, as for a success; the exit code is the same as without --json.
      const message = redactString(errorMessage(e).split('\n\n')[0] ?? '');
      process.stdout.write(`${JSON.stringify({ error: { kind: c.kind, exitCode: c.code, message } })}\n`);
      return c.code;
    }
    if (c?.kind === 'refused') {
      process.stderr.write(`ftlab bmc: ${redactString(errorMessage(e))}\n`);
      return 1;
    }
    if (c?.kind === 'infra' && !(e instanceof InfraError)) throw new InfraError(errorMessage(e), { cause: e });
    throw e;
  }
}

type Values = ReturnType<typeof parseCli<typeof OPTIONS>>['values'];

async function execute(values: Values, positionals: string[], json: boolean): Promise<number> {
  if (values.lab !== undefined) return executeLab(values, positionals, json);
  if (values.device !== undefined || values.cluster !== undefined || values.via !== undefined) throw new UsageError(`--device, --cluster and --via go with --lab FILE\n\n${USAGE}`);
  if ((values.ipmi === undefined) === (values.redfish === undefined)) throw new UsageError(`exactly one of --ipmi HOST[:PORT] or --redfish URL (or --lab FILE) is required\n\n${USAGE}`);
  if (!values.user) throw new UsageError(`--user is required\n\n${USAGE}`);
  const level = logLevelOption(values['log-level'], 'warn');
  const timeoutMs = numberOption('timeout', values.timeout, 5000, { integer: true, min: 1 });
  const cmd = parseCommand(positionals);
  if (values.redfish !== undefined && (values.kg || values['kg-file'] !== undefined)) throw new UsageError('--kg and --kg-file are for IPMI (--ipmi) only');
  if (values.ipmi !== undefined && (values.system !== undefined || values.auth !== undefined)) throw new UsageError('--system and --auth are for Redfish (--redfish) only');
  const cipherSuites = values.cipher === undefined ? undefined : [numberOption('cipher', values.cipher, 17, { integer: true, min: 0 })];
  const password = readPassword(values['password-file']);
  const kg = readKg(values.kg ?? false, values['kg-file']);
  const open = (): Promise<BmcView> =>
    values.ipmi !== undefined
      ? openIpmi({ ...parseIpmiTarget(values.ipmi), user: values.user ?? '', password, ...(cipherSuites ? { cipherSuites } : {}) }, { kg, privilege: values.privilege, timeoutMs, level })
      : openRedfish(values.redfish ?? '', { user: values.user ?? '', password, insecure: values.insecure ?? false, ca: values.ca, timeoutMs, level, system: values.system, auth: values.auth });
  process.stdout.write(`${await runOn(open, cmd, json, timeoutMs)}\n`);
  return 0;
}

async function runOn(open: () => Promise<BmcView>, cmd: Command, json: boolean, timeoutMs: number): Promise<string> {
  let view: BmcView | undefined;
  try {
    view = await open();
    return await run(view, cmd, json, timeoutMs);
  } finally {
    await view?.close().catch(() => undefined);
  }
}

/** --lab: the device's (or each cluster server's) endpoint and credentials from the inventory. */
async function executeLab(values: Values, positionals: string[], json: boolean): Promise<number> {
  const direct = DIRECT_OPTIONS.filter((o) => values[o] !== undefined);
  if (direct.length) throw new UsageError(`--${direct[0]} does not go with --lab: the inventory gives the endpoint and the credentials\n\n${USAGE}`);
  const level = logLevelOption(values['log-level'], 'warn');
  const cmd = parseCommand(positionals);
  const bmcs = labBmcs({ lab: values.lab ?? '', device: values.device, cluster: values.cluster, via: values.via });
  if (values.system !== undefined && bmcs.some((b) => b.protocol === 'ipmi')) throw new UsageError('--system is for Redfish only (--via redfish)');
  const open = (b: LabBmc, timeoutMs: number) => (): Promise<BmcView> =>
    b.protocol === 'ipmi'
      ? openIpmi({ ...b.ipmi, password: b.ipmi.password.value }, { kg: undefined, privilege: values.privilege, timeoutMs, level })
      : openRedfish(b.redfish.url, { ...b.redfish, ca: b.redfish.ca, password: b.redfish.password.value, timeoutMs, level, system: values.system });
  const timeoutOf = (b: LabBmc): number => numberOption('timeout', values.timeout, (b.protocol === 'ipmi' ? b.ipmi.timeoutMs : b.redfish.timeoutMs) ?? 5000, { integer: true, min: 1 });
  const [only] = bmcs;
  if (values.device !== undefined && only) {
    process.stdout.write(`${await runOn(open(only, timeoutOf(only)), cmd, json, timeoutOf(only))}\n`);
    return 0;
  }
  let code = 0;
  const docs: unknown[] = [];
  for (const b of bmcs) {
    const r = await runOn(open(b, timeoutOf(b)), cmd, json, timeoutOf(b)).then(
      (out) => ({ code: 0, out, doc: json ? { device: b.device, ...(JSON.parse(out) as object) } : undefined }),
      (e: unknown) => failureOf(b.device, e),
    );
    code = Math.max(code, r.code);
    if (json) docs.push(r.doc);
    else process.stdout.write(`${r.out.split('\n').map((l) => `${b.device}: ${l}`).join('\n')}\n`);
  }
  if (json) process.stdout.write(`${JSON.stringify(docs)}\n`);
  return code;
}

/** One server of --cluster failed: its line (or JSON entry) and exit code; the others still run. */
function failureOf(device: string, e: unknown): { code: number; out: string; doc: unknown } {
  const c = classify(e);
  if (!c) throw e;
  const message = redactString(errorMessage(e).split('\n\n')[0] ?? '');
  return { code: c.code, out: `error (${c.kind}): ${message}`, doc: { device, error: { kind: c.kind, exitCode: c.code, message } } };
}
