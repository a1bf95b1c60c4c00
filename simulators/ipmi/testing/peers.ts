/**
 * Run the real IPMI peers (ipmitool, FreeIPMI) against a server on 127.0.0.1 — with execFile,
 * never a shell, and passwords never in argv: ipmitool reads IPMI_PASSWORD (-E), FreeIPMI a
 * private config file. HOME is a temp dir holding a tiny IANA PEN file (ipmi.md §4), which also
 * keeps the SDR caches private to the test.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface PeerResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface PeerHome {
  dir: string;
  cleanup(): void;
}

export function makePeerHome(): PeerHome {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-ipmi-peer-'));
  const misc = path.join(dir, '.local', 'usr', 'share', 'misc');
  mkdirSync(misc, { recursive: true });
  writeFileSync(path.join(misc, 'enterprise-numbers.txt'), '0\n  Reserved\n    Internet Assigned Numbers Authority\n      iana&iana.org\n');
  mkdirSync(path.join(dir, 'sdr-cache'), { mode: 0o700 });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<PeerResult> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export interface Login {
  port: number;
  user: string;
  password: string;
}

/**
 * `ipmitool -I lanplus -C <suite> -H 127.0.0.1 -p PORT -U USER -E [-L PRIV] args…` (`iface: 'lan'` for IPMI 1.5, with `authType` as -A).
 * `kg`: the BMC key, from IPMI_KGKEY (-K), never in argv.
 */
export function ipmitool(
  home: PeerHome,
  login: Login,
  args: string[],
  opts: { cipher?: number; privilege?: string; timeoutMs?: number; iface?: 'lan' | 'lanplus'; authType?: string; kg?: string } = {},
): Promise<PeerResult> {
  const base = ['-I', opts.iface ?? 'lanplus', '-H', '127.0.0.1', '-p', String(login.port), '-U', login.user, '-E', '-R', '2', '-N', '1'];
  if (opts.cipher !== undefined) base.push('-C', String(opts.cipher));
  if (opts.privilege) base.push('-L', opts.privilege);
  if (opts.authType) base.push('-A', opts.authType);
  if (opts.kg !== undefined) base.push('-K');
  const env = { ...ipmitoolEnv(home, login), ...(opts.kg !== undefined ? { IPMI_KGKEY: opts.kg } : {}) };
  return run('ipmitool', [...base, ...args], env, opts.timeoutMs ?? 30_000);
}

/** A FreeIPMI tool (ipmipower, ipmi-sel, ipmi-sensors, bmc-info…) with the password in a private config file. */
export function freeipmi(home: PeerHome, tool: string, login: Login, args: string[], opts: { privilege?: string; timeoutMs?: number } = {}): Promise<PeerResult> {
  const conf = freeipmiConfig(home, login);
  const base = ['-D', 'LAN_2_0', '-h', `127.0.0.1:${login.port}`, '-u', login.user, `--config-file=${conf}`, '--session-timeout=8000', '--retransmission-timeout=1000'];
  if (opts.privilege) base.push('-l', opts.privilege);
  if (tool === 'ipmi-sensors' || tool === 'ipmi-sel') base.push(`--sdr-cache-directory=${path.join(home.dir, 'sdr-cache')}`, '--sdr-cache-recreate');
  const env = { PATH: `${process.env.PATH ?? '/usr/bin:/bin'}:/usr/sbin:/sbin`, HOME: home.dir };
  return run(tool, [...base, ...args], env, opts.timeoutMs ?? 30_000).finally(() => rmSync(conf, { force: true }));
}

export interface InteractivePeer {
  output(): string;
  type(s: string): void;
  /** Resolves once the output matches `re`; rejects naming what came instead after `ms`. */
  waitOutput(re: RegExp, ms?: number): Promise<void>;
  exit: Promise<number | null>;
  kill(): void;
}

/**
 * An interactive peer (`ipmitool … sol activate`, `ipmiconsole`) on a pseudo-terminal made by
 * `script`, as a person runs it. `argv` is joined into script's command line: pass only
 * fixed words, numbers and paths (secrets travel in `env` or a config file).
 */
export function interactivePeer(argv: string[], env: NodeJS.ProcessEnv): InteractivePeer {
  const child = spawn('script', ['-qfc', argv.join(' '), '/dev/null'], { env: { ...env, TERM: 'dumb' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitOutput = async (re: RegExp, ms = 15_000): Promise<void> => {
    const deadline = Date.now() + ms;
    while (!re.test(out)) {
      if (Date.now() > deadline) throw new Error(`${argv[0]}: no ${re} within ${ms} ms; got: ${JSON.stringify(out.slice(-600))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { output: () => out, type: (s) => child.stdin.write(s), waitOutput, exit, kill: () => void child.kill('SIGKILL') };
}

/** ipmitool's environment for `login` (password in IPMI_PASSWORD for -E). */
export function ipmitoolEnv(home: PeerHome, login: Login): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home.dir, IPMI_PASSWORD: login.password };
}

/** A FreeIPMI config file holding `login`'s password (private to the peer home). */
export function freeipmiConfig(home: PeerHome, login: Login): string {
  const conf = path.join(home.dir, `freeipmi-${login.user}-${Math.random().toString(36).slice(2)}.conf`);
  writeFileSync(conf, `password ${login.password}\n`, { mode: 0o600 });
  return conf;
}
