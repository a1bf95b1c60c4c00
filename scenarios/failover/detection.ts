/**
 * FO-01 and what each failover's fault type also shows: every fault type the default fault
 * action table fails over for, injected through the failed server's BMC, is detected (the
 * manager's decision names it and its BMC event; the first request reaches the BMC within
 * fo.detection), and each run checks one more part of the failover — the boot volume's move
 * (FO-06), the fence with a dump in progress (FO-03), the zones and VLANs (FO-11). The OsHang
 * type is in business.ts (FO-07), after a fault that needs no action (FO-02).
 */
import { checkFence } from './lib/checks.ts';
import { foScenario } from './lib/define.ts';
import { failWith } from './lib/failover-run.ts';
import { failoverCandidates } from './lib/lab.ts';
import { sameLunNumbers } from './lib/invariants.ts';
import { standbyTakesZoneAndVlan } from './lib/placement.ts';

/** The cluster lab's dump duration (simulators/cluster/cluster-default.yaml timing.dumpMs), what the fence must wait for. */
const LAB_DUMP_MS = 90_000;

export const cpuRemap = foScenario({
  id: 'fo-cpu-remap',
  title: 'a CPU fault fails over; the boot volume is unmapped before it is mapped to the standby, at the same LUN',
  requirements: ['FO-01', 'FO-06'],
  tags: ['failover', 'detection', 'remap'],
  invariants: [sameLunNumbers],
  async run(fo) {
    await failWith(fo, 'Cpu');
  },
});

export const memoryDumpFence = foScenario({
  id: 'fo-memory-dump-fence',
  title: 'a memory fault while a dump is written: graceful shutdown, the dump finished, then off, before the standby powers on',
  requirements: ['FO-01', 'FO-03'],
  tags: ['failover', 'detection', 'fence'],
  // Only a server whose OS runs can write a dump: one answering for its business (a server left on
  // with no bootable device by an earlier broken failover is no candidate here).
  pick: (lab) => failoverCandidates(lab).find((c) => c.business !== null) ?? null,
  async run(fo) {
    const fi = fo.cl.member(fo.failed.server).cap('ClusterLabFaultInjection');
    // The crash kernel writes the dump once the fault has stopped the OS; a dump ends by itself, nothing to undo.
    const run = await failWith(fo, 'Memory', LAB_DUMP_MS, () => fo.member(fo.failed.server).fault('dump', {}, () => fi.startDump(fo.ctx.signal), async () => undefined));
    checkFence(fo, run.since, true);
  },
});

export const pcieZoning = foScenario({
  id: 'fo-pcie-zoning',
  title: 'a PCIe fault fails over; the standby takes the failed server\'s zones and VLANs, the failed WWPNs leave the zones',
  requirements: ['FO-01', 'FO-11'],
  tags: ['failover', 'detection', 'zoning'],
  invariants: [standbyTakesZoneAndVlan],
  async run(fo) {
    const run = await failWith(fo, 'Pcie');
    checkFence(fo, run.since, false);
  },
});
