/**
 * Defects of the cluster emulator: `--defect NAME` makes a device misbehave on purpose, so the
 * failover tests can prove they notice. Each changes one behaviour of one device kind.
 */
import { ConfigError } from '../../../lib/errors.ts';

export const CLUSTER_DEFECTS = {
  'slow-commit': 'array and Ethernet switch commits (LUN masking, VLANs) take 10x the configured commit time',
  'failed-commit': 'array and Ethernet switch commits fail after the commit time; nothing is applied',
  'slow-activation': 'FC zone set activation takes 10x the configured commit time',
  'failed-activation': 'FC zone set activation fails after the commit time; the previous zoning stays effective',
  'port-flap': 'an Ethernet port that comes up drops and returns 3 times (500 ms each) before it stays up',
  'stale-mapping': 'a deleted LUN mapping disappears from the array view but still lets its initiators see the volume',
} as const;

export type ClusterDefect = keyof typeof CLUSTER_DEFECTS;
export const CLUSTER_DEFECT_NAMES = Object.keys(CLUSTER_DEFECTS) as ClusterDefect[];

export function parseClusterDefects(names: readonly string[], where = '--defect'): ClusterDefect[] {
  const out: ClusterDefect[] = [];
  for (const n of names) {
    if (!Object.hasOwn(CLUSTER_DEFECTS, n)) throw new ConfigError(where, `unknown defect "${n}"; expected one of: ${CLUSTER_DEFECT_NAMES.join(', ')}`);
    if (!out.includes(n as ClusterDefect)) out.push(n as ClusterDefect);
  }
  return out;
}

/** Delay and outcome of a commit under the active defects. */
export function commitPlan(defects: ReadonlySet<ClusterDefect>, baseMs: number, kind: 'commit' | 'activation'): { ms: number; fails: boolean } {
  const slow = defects.has(kind === 'commit' ? 'slow-commit' : 'slow-activation');
  return { ms: slow ? baseMs * 10 : baseMs, fails: defects.has(kind === 'commit' ? 'failed-commit' : 'failed-activation') };
}
