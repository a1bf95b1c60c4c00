/**
 * The embedded lab: emulated devices in lab-host child processes (`ftlab emulate lab`) on
 * 127.0.0.1, each with its own Redfish and IPMI endpoints and workload: one host for the ft
 * devices (on one lab clock), and one per cluster (its members on the cluster's clock), so a
 * cluster's busy fleet never delays an ft server's events, and each host has a core to itself
 * where the machine has them.
 * The BMC password is generated per lab, written to a 0600 file in a private directory (passed
 * with --password-file, never in argv) and registered as a secret. The lab describes itself as
 * an inventory (same shape as lab.yaml). Redfish is served over HTTPS by default: the lab host
 * makes a CA per run and announces its certificate's path as each device's `ca`, which the
 * inventory trusts (verification on); `tls: false` serves plain HTTP.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, InfraError, errorMessage } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';
import { registerSecret } from '../../lib/redact.ts';
import { RUN_CERT_DIR_PREFIX } from '../../lib/x509/run-certificates.ts';
import type { Inventory } from '../inventory/types.ts';
import type { ClusterAnnouncement } from './cluster-announcement.ts';
import { EmulatorExitError, EmulatorProcess } from './emulator-process.ts';
import { CLUSTER_HOST_KIND, parseLabAnnouncement, type DeviceAnnouncement, type LabAnnouncement } from './lab-announcement.ts';
import { labFileOf, labInventory, type Placement } from './lab-inventory.ts';
import { prefixedManagerConfig, splitManagerDefects, startManager, withManager } from './manager-process.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Default time scale of the embedded lab: the nightly suite stays within ~2 minutes on 2 cores. */
export const DEFAULT_TIME_SCALE = 10;

export interface EmbeddedDeviceSpec {
  name: string;
  /** A device kind the lab host runs (simulators/host/kinds.ts): ft, or cluster (its members are the cluster's devices). */
  kind: string;
  /**
   * Emulator profile file (relative to the repository root), e.g. profiles/ft-hypervisor.yaml;
   * for a cluster, its cluster config (default: the shipped default cluster).
   */
  profile?: string;
  /** Extra defects for this device (ft: added to the lab-wide ones; a cluster gets only these, cluster defects). */
  defects?: string[];
  scenarios?: string[];
  tags?: string[];
  /** A cluster's: prefix of its member names, its addresses its own (a second copy of a cluster config in one lab). */
  memberPrefix?: string;
  /**
   * A cluster's failover manager (the failover suite's system under test): started by default as
   * its own process; `false` leaves the cluster without one.
   */
  manager?: false | ManagerSpec;
}

export interface ManagerSpec {
  /** Its device name (default fm-<cluster>). */
  name?: string;
  /** Its config file (relative to the repository root; default the shipped one). */
  config?: string;
  /** Manager defects for this cluster's manager (beside the lab-wide ones). */
  defects?: string[];
}

/**
 * The default lab runs each of its two halves on two copies of its device, so the copies work at
 * once (the nightly within 2 minutes on 2 cores): ft0 and ft2 (the default profile) split the ft
 * scenarios, ft1 runs the hypervisor profile (FT-09; and the system power cycle, whose boot resync
 * is then a whole-memory blackout); cluster1 and cluster2 (the shipped default
 * cluster, cluster2's names prefixed c2-) split the failover scenarios: the failovers a fault drives
 * on cluster2, the standby searches on cluster1. Each list of the second copy holds about half of
 * the time; a scenario not named in one runs on the first copy.
 */
const FT_SECOND: readonly string[] = ['ft-clear-history*', 'ft-pcie-fatal-unsupported', 'ft-error-window', 'ft-kept-out*', 'ft-io-*', 'ft-isolation-cpu-m1', 'ft-fault-policy'];
const FT_HYPERVISOR: readonly string[] = ['ft-hypervisor*', 'ft-system-power'];
const CLUSTER_SECOND: readonly string[] = ['fo-cpu-remap', 'fo-fan-*', 'fo-memory-dump-*', 'fo-pcie-*'];
const not = (globs: readonly string[]): string[] => globs.map((g) => `!${g}`);

export const DEFAULT_DEVICES: readonly EmbeddedDeviceSpec[] = [
  { name: 'ft0', kind: 'ft', scenarios: ['*', ...not(FT_HYPERVISOR), ...not(FT_SECOND)] },
  { name: 'ft2', kind: 'ft', scenarios: [...FT_SECOND] },
  { name: 'ft1', kind: 'ft', profile: 'profiles/ft-hypervisor.yaml', scenarios: [...FT_HYPERVISOR], tags: ['hypervisor'] },
];

/** The default SAN-boot clusters (simulators/cluster/cluster-default.yaml twice): `lab up` starts them beside the ft devices. */
export const DEFAULT_CLUSTERS: readonly EmbeddedDeviceSpec[] = [
  { name: 'cluster1', kind: CLUSTER_HOST_KIND, scenarios: ['*', ...not(CLUSTER_SECOND)] },
  { name: 'cluster2', kind: CLUSTER_HOST_KIND, memberPrefix: 'c2-', scenarios: [...CLUSTER_SECOND] },
];

export interface EmbeddedLabOptions {
  timeScale?: number;
  /** Defect profiles for every ft device (--defect NAME; a cluster takes its own, in its spec). */
  defects?: string[];
  devices?: readonly EmbeddedDeviceSpec[];
  log: Logger;
  /** Wall ms for the lab host to announce its devices (default 60 s: tsx start-up on a busy machine). */
  readyWithinMs?: number;
  /** Start each device's IPMI endpoint (default true). */
  ipmi?: boolean;
  /**
   * Serve Redfish over HTTPS with a CA made for this run (default true, as real BMCs do); every
   * device of the inventory then trusts only that CA (`ca`), with verification on.
   */
  tls?: boolean;
}

export interface EmbeddedDevice {
  spec: EmbeddedDeviceSpec;
  /** Its lab-host process (the ft devices share one). */
  process: EmulatorProcess<LabAnnouncement>;
  announcement: DeviceAnnouncement;
}

/** A cluster the lab host runs: its members are devices of the lab's inventory. */
export interface EmbeddedCluster {
  spec: EmbeddedDeviceSpec;
  /** Its own lab-host process. */
  process: EmulatorProcess<LabAnnouncement>;
  /** Its members, the failover manager among them once it runs. */
  announcement: ClusterAnnouncement;
  /** Its failover manager process, when it has one. */
  manager?: EmulatorProcess;
}

/** Prefix of the lab's private folders in os.tmpdir() (the BMC password file lives there). */
export const LAB_DIR_PREFIX = 'ftlab-lab-';
/** In each private folder (and in the emulators' certificate folders): the pid of the process that made it. */
export const LAB_DIR_OWNER_FILE = 'owner.pid';

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: alive, owned by someone else.
    return (e as { code?: unknown }).code === 'EPERM';
  }
}

/**
 * Remove the private lab folders in `dir` (default os.tmpdir()) left by ftlab processes that no
 * longer run (a killed run cannot clean up): those whose owner file names a dead pid. Folders of
 * live processes, and folders without an owner file (one being made right now), are kept.
 * Returns the folders removed.
 */
export function removeStaleLabDirs(dir = os.tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(LAB_DIR_PREFIX) && !name.startsWith(RUN_CERT_DIR_PREFIX)) continue;
    const full = path.join(dir, name);
    let pid: number;
    try {
      pid = Number(readFileSync(path.join(full, LAB_DIR_OWNER_FILE), 'utf8').trim());
    } catch {
      continue;
    }
    if (!Number.isInteger(pid) || pid <= 0 || pidAlive(pid)) continue;
    try {
      rmSync(full, { recursive: true, force: true });
      removed.push(full);
    } catch {
      // not ours to remove (another user's tmp folder): leave it
    }
  }
  return removed;
}

export class EmbeddedLab {
  private stopped = false;
  private readonly lostCtrl = new AbortController();
  /**
   * Aborted when the lab host exits during the run without being stopped; its reason is an
   * InfraError naming the process and the devices it ran.
   */
  readonly lost: AbortSignal = this.lostCtrl.signal;

  private constructor(
    readonly hosts: ReadonlyArray<EmulatorProcess<LabAnnouncement>>,
    readonly devices: EmbeddedDevice[],
    readonly clusters: EmbeddedCluster[],
    readonly timeScale: number,
    readonly defects: string[],
    private readonly privateDir: string,
    readonly passwordFile: string,
    private readonly password: string,
    private readonly log: Logger,
  ) {
    for (const host of hosts) {
      host.onUnexpectedExit((how) => {
        this.lose(new InfraError(`the embedded lab's emulator process exited during the run (${how}): devices ${this.namesOn(host)} stopped answering`));
      });
    }
  }

  /** The devices and clusters a lab host runs, for messages. */
  private namesOn(host: EmulatorProcess<LabAnnouncement>): string {
    return [
      ...this.devices.filter((d) => d.process === host).map((d) => `${d.spec.name} (${d.announcement.redfish})`),
      ...this.clusters.filter((c) => c.process === host).map((c) => `cluster ${c.spec.name} (${c.announcement.members.length} devices)`),
    ].join(', ');
  }

  /** Settles when any lab host exits (for however long the lab is served), with what it ran. */
  anyHostExited(): Promise<string> {
    return Promise.race(this.hosts.map((h) => h.exitedPromise().then(() => this.namesOn(h))));
  }

  private lose(err: InfraError): void {
    this.log.error(err.message, { component: 'lab' });
    this.lostCtrl.abort(err);
  }

  /** Start each cluster's failover manager against the lab as it is (its lab file), with the run's manager defects. */
  private async startManagers(defects: readonly string[], tls: boolean, readyWithinMs: number): Promise<void> {
    for (const c of this.clusters) {
      if (c.spec.manager === false) continue;
      const spec = c.spec.manager ?? {};
      const name = spec.name ?? `fm-${c.spec.name}`;
      const prefix = c.spec.memberPrefix;
      const config = spec.config ?? (prefix ? prefixedManagerConfig({ privateDir: this.privateDir, cluster: c.spec.name, prefix, cwd: REPO_ROOT }) : undefined);
      const proc = await startManager({
        cluster: c.spec.name, name, labFile: this.labFile(), privateDir: this.privateDir, timeScale: this.timeScale, tls,
        defects: [...defects, ...(spec.defects ?? [])], ...(config ? { config } : {}),
        log: this.log, cwd: REPO_ROOT, readyWithinMs,
      });
      c.manager = proc;
      c.announcement = withManager(c.announcement, name, proc.announcement);
      this.log.info(`${name}: failover manager of ${c.spec.name} up (API ${proc.announcement.redfish})`, { component: 'lab' });
      proc.onUnexpectedExit((how) => this.lose(new InfraError(`the failover manager ${name} of ${c.spec.name} exited during the run (${how}): its API ${proc.announcement.redfish} stopped answering`)));
    }
  }

  static async start(opts: EmbeddedLabOptions): Promise<EmbeddedLab> {
    const timeScale = opts.timeScale ?? DEFAULT_TIME_SCALE;
    if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new ConfigError('--time-scale', 'expected a positive number', { found: timeScale });
    const specs = opts.devices ?? DEFAULT_DEVICES;
    const { manager: managerDefects, others: defects } = splitManagerDefects(opts.defects ?? []);
    for (const d of removeStaleLabDirs()) opts.log.info(`removed ${d}, left by an ftlab run that no longer runs`, { component: 'lab' });
    const privateDir = mkdtempSync(path.join(os.tmpdir(), LAB_DIR_PREFIX));
    writeFileSync(path.join(privateDir, LAB_DIR_OWNER_FILE), `${process.pid}\n`);
    // 16 characters: IPMI 2.0 passwords are at most 20 bytes.
    const password = randomBytes(12).toString('base64url');
    registerSecret(password);
    const passwordFile = path.join(privateDir, 'bmc-password');
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    const hosts: Array<EmulatorProcess<LabAnnouncement>> = [];
    let lab: EmbeddedLab | undefined;
    try {
      const groups = hostGroups(specs);
      const started = await Promise.allSettled(groups.map((g, i) => startHost(g, i, { ...opts, timeScale, privateDir, passwordFile, defects })));
      for (const r of started) if (r.status === 'fulfilled') hosts.push(r.value);
      const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      const hostOf = (spec: EmbeddedDeviceSpec): EmulatorProcess<LabAnnouncement> => hosts[groups.findIndex((g) => g.includes(spec))] as EmulatorProcess<LabAnnouncement>;
      const devices = specs.filter((s) => s.kind !== CLUSTER_HOST_KIND).map((spec): EmbeddedDevice => ({ spec, process: hostOf(spec), announcement: announced(hostOf(spec).announcement.devices, spec) }));
      const clusters = specs.filter((s) => s.kind === CLUSTER_HOST_KIND).map((spec): EmbeddedCluster => ({ spec, process: hostOf(spec), announcement: announced(hostOf(spec).announcement.clusters, spec) }));
      for (const d of devices) opts.log.info(`${d.spec.name}: ${d.spec.kind} emulator up (Redfish ${d.announcement.redfish}${d.announcement.ipmi ? `, IPMI ${d.announcement.ipmi}` : ''})`, { component: 'lab' });
      for (const c of clusters) opts.log.info(`${c.spec.name}: cluster up (${c.announcement.members.map((m) => m.name).join(', ')})`, { component: 'lab' });
      lab = new EmbeddedLab(hosts, devices, clusters, timeScale, [...defects, ...managerDefects], privateDir, passwordFile, password, opts.log);
      await lab.startManagers(managerDefects, opts.tls !== false, opts.readyWithinMs ?? 60_000);
      lab.inventory(); // names unique across devices and cluster members, else an InfraError now
      return lab;
    } catch (e) {
      await lab?.stopProcesses();
      await Promise.all(hosts.map((h) => h.stop()));
      rmSync(privateDir, { recursive: true, force: true });
      if (e instanceof EmulatorExitError && e.code === 2) throw refusedInput(e);
      throw e instanceof InfraError || e instanceof ConfigError ? e : new InfraError(`cannot start the embedded lab: ${errorMessage(e)}`, { cause: e });
    }
  }

  /** The lab as an inventory, its clusters' members included (credentials resolved in memory). */
  inventory(): Inventory {
    const placement = (spec: EmbeddedDeviceSpec): Placement => ({ ...(spec.scenarios ? { scenarios: spec.scenarios } : {}), ...(spec.tags ? { tags: spec.tags } : {}) });
    return labInventory(
      {
        devices: this.devices.map((d) => ({ announcement: d.announcement, placement: placement(d.spec) })),
        clusters: this.clusters.map((c) => ({ announcement: c.announcement, placement: placement(c.spec) })),
      },
      { password: { value: this.password, source: `file:${this.passwordFile}` }, passwordFile: this.passwordFile },
    );
  }

  /** lab.json: the inventory shape (lab.schema.json), passwords as a file reference. */
  labFile(): Record<string, unknown> {
    return labFileOf(this.inventory(), this.passwordFile, this.timeScale);
  }

  /** Stop the lab host (SIGTERM, then SIGKILL) and remove the private directory. Idempotent. */
  async stop(graceMs = 3000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.stopProcesses(graceMs);
    rmSync(this.privateDir, { recursive: true, force: true });
  }

  /** The managers first (they drive the lab), then the lab host. */
  private async stopProcesses(graceMs = 3000): Promise<void> {
    await Promise.all(this.clusters.map((c) => c.manager?.stop(graceMs) ?? Promise.resolve()));
    await Promise.all(this.hosts.map((h) => h.stop(graceMs)));
  }
}

/** Which devices share a lab host: every non-cluster device in one, each cluster in its own. */
function hostGroups(specs: readonly EmbeddedDeviceSpec[]): EmbeddedDeviceSpec[][] {
  const plain = specs.filter((s) => s.kind !== CLUSTER_HOST_KIND);
  return [...(plain.length ? [plain] : []), ...specs.filter((s) => s.kind === CLUSTER_HOST_KIND).map((c) => [c])];
}

interface HostStart extends EmbeddedLabOptions {
  timeScale: number;
  privateDir: string;
  passwordFile: string;
  /** The lab-wide defects (the ft devices take them). */
  defects: string[];
}

/** Start one lab host for `specs` (its config file in the lab's private folder, numbered). */
function startHost(specs: readonly EmbeddedDeviceSpec[], index: number, o: HostStart): Promise<EmulatorProcess<LabAnnouncement>> {
  const hostConfig = path.join(o.privateDir, `lab-host-${index}.json`);
  writeFileSync(hostConfig, `${JSON.stringify(hostConfigFor(specs, o.ipmi !== false, o.defects), null, 2)}\n`, { mode: 0o600 });
  const args = ['--config', hostConfig, '--time-scale', String(o.timeScale), '--password-file', o.passwordFile, ...(o.tls !== false ? ['--tls'] : [])];
  return EmulatorProcess.startWith('lab', 'lab', args, parseLabAnnouncement, { readyWithinMs: o.readyWithinMs ?? 60_000, log: o.log, cwd: REPO_ROOT });
}

/**
 * The lab host's config (simulators/host/config.ts): kinds, absolute profiles, per-device defects.
 * The lab-wide defects (--defect: ft emulator defects, checked against `emulate ft --list-defects`)
 * go to the ft devices; a cluster gets only its own.
 */
function hostConfigFor(specs: readonly EmbeddedDeviceSpec[], ipmi: boolean, labWide: readonly string[]): Record<string, unknown> {
  const devices: Record<string, unknown> = {};
  for (const s of specs) {
    const defects = [...(s.kind === CLUSTER_HOST_KIND ? [] : labWide), ...(s.defects ?? [])];
    devices[s.name] = {
      kind: s.kind,
      ...(s.profile ? { profile: path.resolve(REPO_ROOT, s.profile) } : {}),
      ...(s.memberPrefix ? { memberPrefix: s.memberPrefix } : {}),
      ...(defects.length ? { defects } : {}),
    };
  }
  return { ipmi, devices };
}

function announced<A extends { name: string }>(list: readonly A[], spec: EmbeddedDeviceSpec): A {
  const a = list.find((d) => d.name === spec.name);
  if (!a) throw new InfraError(`the lab host did not announce ${spec.kind} ${spec.name} (it announced: ${list.map((d) => d.name).join(', ') || 'none'})`);
  return a;
}

/** The lab host refused a device (exit 2): its message, e.g. "devices.ft1.defects: unknown defect ...", as a ConfigError. */
function refusedInput(e: EmulatorExitError): ConfigError {
  const last = e.stderr.split('\n').filter(Boolean).at(-1) ?? 'the lab host refused its configuration';
  return new ConfigError('the embedded lab', last.replace(/^ftlab emulate: /, ''), { cause: e });
}
