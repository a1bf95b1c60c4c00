/**
 * The embedded lab's failover manager: one `ftlab emulate failover-manager` process per cluster
 * (the system under test of the failover suite, a separate process as a real manager is), given
 * the lab's own lab.json (in the lab's private folder, the password by file) and the manager
 * defects of the run. It joins its cluster as the member of kind failover-manager.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { MANAGER_DEFECT_NAMES } from '../../lib/domains/failover/manager.ts';
import type { Logger } from '../../lib/log.ts';
import type { ClusterAnnouncement, MemberAnnouncement } from './cluster-announcement.ts';
import { EmulatorProcess, type FtAnnouncement } from './emulator-process.ts';

export const MANAGER_KIND = 'failover-manager';

/** Split lab-wide defect names: the failover manager's (a contract, MANAGER_DEFECT_NAMES) and the others (the ft emulators'). */
export function splitManagerDefects(defects: readonly string[]): { manager: string[]; others: string[] } {
  const isManager = (d: string): boolean => (MANAGER_DEFECT_NAMES as readonly string[]).includes(d);
  return { manager: defects.filter(isManager), others: defects.filter((d) => !isManager(d)) };
}

export interface ManagerStart {
  cluster: string;
  /** The manager's device name (default fm-<cluster>). */
  name: string;
  /** The lab file (inventory shape) the manager reads: written here, in the lab's private folder. */
  labFile: Record<string, unknown>;
  privateDir: string;
  defects: readonly string[];
  /** A manager config (YAML) relative to the repository root (or absolute), else the shipped default. */
  config?: string;
  timeScale: number;
  /** Serve the manager's API over HTTPS (its own run CA, announced as `ca` and trusted by the inventory). */
  tls: boolean;
  log: Logger;
  cwd: string;
  readyWithinMs: number;
}

/** The manager's shipped config (relative to the repository root): the process reads it by itself unless given --config. */
const SHIPPED_CONFIG = 'reference/failover-manager/failover-manager-default.yaml';

/**
 * The shipped manager config for a cluster whose member names carry `prefix` (memberPrefix): its
 * partition manager renamed alike, written to the lab's private folder; returns the file.
 */
export function prefixedManagerConfig(o: { privateDir: string; cluster: string; prefix: string; cwd: string }): string {
  const doc = parseDocument(readFileSync(path.join(o.cwd, SHIPPED_CONFIG), 'utf8'));
  const pm = doc.getIn(['manager', 'partitionManager']);
  if (typeof pm === 'string') doc.setIn(['manager', 'partitionManager'], `${o.prefix}${pm}`);
  const file = path.join(o.privateDir, `fm-${o.cluster}.yaml`);
  writeFileSync(file, String(doc), { mode: 0o600 });
  return file;
}

/** Start the manager of one cluster; resolves once it has announced its API. */
export async function startManager(o: ManagerStart): Promise<EmulatorProcess> {
  const file = path.join(o.privateDir, `lab-${o.cluster}.json`);
  writeFileSync(file, `${JSON.stringify(o.labFile, null, 2)}\n`, { mode: 0o600 });
  const args = [
    '--cluster', file, '--cluster-name', o.cluster, '--name', o.name, '--time-scale', String(o.timeScale),
    ...(o.config ? ['--config', path.resolve(o.cwd, o.config)] : []),
    ...(o.tls ? ['--tls'] : []),
    ...o.defects.flatMap((d) => ['--defect', d]),
  ];
  return EmulatorProcess.start(o.name, MANAGER_KIND, args, { readyWithinMs: o.readyWithinMs, log: o.log, cwd: o.cwd });
}

/** The cluster with its manager as a member (what the inventory binds the cluster's failoverManager slot to). */
export function withManager(c: ClusterAnnouncement, name: string, a: FtAnnouncement): ClusterAnnouncement {
  const member: MemberAnnouncement = { ...a, name, timeScale: c.timeScale };
  return { ...c, members: [...c.members, member] };
}
