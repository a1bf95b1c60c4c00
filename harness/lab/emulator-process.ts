/**
 * One emulator as a child process (`node bin/ftlab.js emulate KIND ...`). The harness reaches
 * it only over the network; from the process it reads the first stdout line, a JSON
 * announcement of its endpoints, within a deadline. Stopping sends SIGTERM, then SIGKILL after
 * a grace period. Children still alive when the harness exits (crash paths) are killed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { InfraError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';
import { raiseSessionGroup, TIMING_THREAD_NICE } from '../../lib/thread-priority.ts';

export const FTLAB_BIN = fileURLToPath(new URL('../../bin/ftlab.js', import.meta.url));

export interface FtAnnouncement {
  kind: string;
  redfish: string;
  /** With --tls: the path of the CA certificate that signed the Redfish certificate. */
  ca?: string;
  ipmi?: string;
  workload?: { udp: number; tcp: number };
  /** Its serial console on a raw TCP port (and the banner the port greets each connection with once attached). */
  console?: { host: string; tcp: number; banner?: string };
  /** How its Redfish service authenticates (default session: a failover manager's API takes Basic). */
  auth?: 'basic' | 'session';
  timeScale: number;
  defects: string[];
}

/** The emulator exited before its first line: its exit code (2 = it refused its input) and stderr tail. */
export class EmulatorExitError extends InfraError {
  constructor(
    readonly code: number | null,
    readonly stderr: string,
    message: string,
  ) {
    super(message);
  }
}

export interface EmulatorStartOptions {
  /** Wall ms for the first stdout line. */
  readyWithinMs: number;
  log: Logger;
  cwd?: string;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const c of live) {
      try {
        c.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

/** Kill every emulator this process started, at once (second Ctrl-C, crash paths). */
export function killAllEmulatorsNow(): void {
  for (const c of live) c.kill('SIGKILL');
}

export function parseAnnouncement(line: string): FtAnnouncement {
  return announcementFrom(parseJsonLine(line), line);
}

/** The first stdout line as JSON (an InfraError quoting it when it is not). */
export function parseJsonLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch (e) {
    throw new InfraError(`the emulator's first line is not JSON: ${JSON.stringify(line.slice(0, 200))}`, { cause: e });
  }
}

/** One device's endpoints from a parsed announcement object; `raw` is quoted in errors. */
export function announcementFrom(v: unknown, raw: string): FtAnnouncement {
  const o = v as Partial<FtAnnouncement> | null;
  if (!o || typeof o !== 'object' || typeof o.redfish !== 'string' || typeof o.kind !== 'string') {
    throw new InfraError(`the emulator's announcement lacks "kind"/"redfish": ${raw.slice(0, 200)}`);
  }
  if (o.redfish.startsWith('https:') && typeof o.ca !== 'string') throw new InfraError(`the emulator serves HTTPS but announced no "ca": ${raw.slice(0, 200)}`);
  return {
    kind: o.kind,
    redfish: o.redfish,
    ...(typeof o.ca === 'string' ? { ca: o.ca } : {}),
    ...(typeof o.ipmi === 'string' ? { ipmi: o.ipmi } : {}),
    ...(o.workload && typeof o.workload === 'object' ? { workload: o.workload } : {}),
    ...(o.console && typeof o.console.host === 'string' && typeof o.console.tcp === 'number' ? { console: { host: o.console.host, tcp: o.console.tcp, ...(typeof o.console.banner === 'string' ? { banner: o.console.banner } : {}) } } : {}),
    ...(o.auth === 'basic' || o.auth === 'session' ? { auth: o.auth } : {}),
    timeScale: typeof o.timeScale === 'number' ? o.timeScale : 1,
    defects: Array.isArray(o.defects) ? o.defects.map(String) : [],
  };
}

export class EmulatorProcess<A = FtAnnouncement> {
  private exited: Promise<number | null>;
  private stderrTail: string[] = [];
  private stopping = false;
  private readonly unexpectedExitListeners: Array<(how: string) => void> = [];

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly announcement: A,
  ) {
    this.exited = new Promise((r) => {
      if (child.exitCode !== null || child.signalCode !== null) r(child.exitCode);
      else child.once('exit', (code) => r(code));
    });
    child.once('exit', (code, sig) => {
      if (this.stopping) return;
      const how = `pid ${child.pid ?? '?'}, ${sig ? `killed by ${sig}` : `exit code ${code}`}`;
      for (const l of this.unexpectedExitListeners) l(how);
    });
  }

  /**
   * Call `listener` if the process exits without stop() having been asked (a crash, a kill from
   * outside): `how` says with which pid and code or signal.
   */
  onUnexpectedExit(listener: (how: string) => void): void {
    this.unexpectedExitListeners.push(listener);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** `ftlab emulate KIND ARGS` announcing one device (the `ftlab emulate ft` first line). */
  static start(name: string, kind: string, args: string[], opts: EmulatorStartOptions): Promise<EmulatorProcess> {
    return EmulatorProcess.startWith(name, kind, args, parseAnnouncement, opts);
  }

  /** `ftlab emulate KIND ARGS` whose first stdout line `parse` reads (e.g. a lab host's device list). */
  static async startWith<T>(name: string, kind: string, args: string[], parse: (line: string) => T, opts: EmulatorStartOptions): Promise<EmulatorProcess<T>> {
    installExitHook();
    // Own process group: a Ctrl-C in the terminal reaches the harness only, which undoes its
    // faults on the still-running lab and then stops it (the exit hook covers crash paths).
    // The emulator holds our end of its stdin pipe: when this process dies, even by SIGKILL, the
    // pipe closes and the emulator exits (--exit-on-stdin-eof), so no lab is left behind.
    const child = spawn(process.execPath, [FTLAB_BIN, 'emulate', kind, ...args, '--exit-on-stdin-eof'], {
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      cwd: opts.cwd,
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    live.add(child);
    child.once('exit', () => live.delete(child));
    const log = opts.log.child({ component: 'lab', device: name });
    const notRaised = child.pid === undefined ? 'not started' : raiseSessionGroup(child.pid);
    log.debug(notRaised === null ? `its session's scheduling group runs at nice ${TIMING_THREAD_NICE}` : `its session's scheduling group keeps normal priority: ${notRaised}`);
    const stderrTail: string[] = [];
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter(Boolean)) {
        stderrTail.push(line);
        if (stderrTail.length > 20) stderrTail.shift();
        log.debug(line);
      }
    });
    try {
      const line = await firstLine(child, opts.readyWithinMs, () => stderrTail.join('\n'));
      const proc = new EmulatorProcess(name, child, parse(line));
      proc.stderrTail = stderrTail;
      child.stdout?.on('data', (chunk: Buffer) => log.debug(chunk.toString('utf8').trimEnd()));
      return proc;
    } catch (e) {
      child.kill('SIGKILL');
      throw e;
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`. Resolves once the process has exited. */
  async stop(graceMs = 3000): Promise<void> {
    this.stopping = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const t = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(t);
  }

  /** Resolves when the process exits (its exit code, or null when killed by a signal). */
  exitedPromise(): Promise<number | null> {
    return this.exited;
  }

  lastStderr(): string {
    return this.stderrTail.join('\n');
  }
}

function firstLine(child: ChildProcess, withinMs: number, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const done = (fn: () => void): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      fn();
    };
    const onData = (chunk: Buffer): void => {
      buf += chunk.toString('utf8');
      const nl = buf.indexOf('\n');
      if (nl >= 0) done(() => resolve(buf.slice(0, nl).trim()));
    };
    const onExit = (code: number | null, sig: string | null): void =>
      done(() => reject(new EmulatorExitError(code, stderr(), `the emulator exited (${sig ?? `code ${code}`}) before announcing its endpoints${stderr() ? `:\n${stderr()}` : ''}`)));
    const onError = (e: Error): void => done(() => reject(new InfraError(`cannot start the emulator: ${e.message}`, { cause: e })));
    const timer = setTimeout(
      () => done(() => reject(new InfraError(`the emulator did not announce its endpoints within ${withinMs} ms${stderr() ? `:\n${stderr()}` : ''}`))),
      withinMs,
    );
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}
