import { UsageError } from '../../lib/cli-args.ts';
import { spawnManager } from './emulate-process.ts';

/** `ftlab emulate KIND [options]`: one simulator alone, in the foreground. */
const KINDS: Record<string, { summary: string; load: () => Promise<{ main(argv: string[]): Promise<number> }> }> = {
  ft: { summary: 'emulated fault-tolerant (lockstep) server: Redfish + IPMI BMC, workload', load: () => import('../../simulators/ft/cli.ts') },
  cluster: { summary: 'a SAN-boot cluster: server BMCs, Ethernet and FC switches, disk array, businesses', load: () => import('../../simulators/cluster/cli.ts') },
  lab: { summary: 'a lab host: many devices (--config FILE, --device NAME[:PROFILE]) in one process on one lab clock', load: () => import('../../simulators/host/cli.ts') },
  'failover-manager': { summary: 'the reference N+1 failover manager of a cluster (--cluster LAB.json), a separate process', load: async () => ({ main: spawnManager }) },
  mockup: { summary: 'serve a DMTF-format mockup directory with live behaviour', load: () => import('../../simulators/redfish/mockup-cli.ts') },
};

const USAGE = `usage: ftlab emulate KIND [options]\n\nkinds:\n${Object.entries(KINDS)
  .map(([k, v]) => `  ${k.padEnd(16)} ${v.summary}`)
  .join('\n')}`;

export async function main(argv: string[]): Promise<number> {
  const [kind, ...rest] = argv;
  if (!kind || kind === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return kind ? 0 : 2;
  }
  const entry = KINDS[kind];
  if (!entry) throw new UsageError(`unknown simulator kind "${kind}"; expected one of: ${Object.keys(KINDS).join(', ')}\n\n${USAGE}`);
  return (await entry.load()).main(rest);
}
