/**
 * What the ft server's console prints for each model event (pure): the kernel's and the drivers'
 * own words, as a lab sees them on the serial console — module isolation and re-integration, each
 * resync phase, the bonding driver's and multipath's failover lines, a panic after an unsupported
 * surprise removal, the boot messages at power on. Each line starts with the kernel's uptime stamp
 * (`[  123.456789]`, seconds since power on, SUT time).
 */
import type { ModelEvent } from './types.ts';

/** Lines printed when the system powers on (then the login prompt). */
export const BOOT_LINES: readonly string[] = [
  'Linux version 6.1.0-ftsrv (builder@ftlab) #1 SMP PREEMPT_DYNAMIC',
  'Command line: BOOT_IMAGE=/vmlinuz root=/dev/mapper/vg0-root ro console=ttyS0,115200n8',
  'ftsrv: lockstep engine ready, modules 0 and 1 duplex',
  'bonding: bond0: making interface M0-NIC0 the new active one',
  'device-mapper: multipath: 253:0: active path M0-HBA0',
  'systemd[1]: Reached target multi-user.target - Multi-User System.',
];

export const LOGIN_PROMPT = 'ftsrv login: ';

/** Printed after a serial BREAK and `h` (the magic SysRq key's help). */
export const SYSRQ_HELP = 'sysrq: HELP : loglevel(0-9) reboot(b) crash(c) show-all-locks(d) terminate-all-tasks(e) memory-full-oom-kill(f) kill-all-tasks(i) thaw-filesystems(j) sak(k) show-memory-usage(m) nice-all-RT-tasks(n) poweroff(o) show-registers(p) show-all-timers(q) unraw(r) sync(s) show-task-states(t) unmount(u) show-blocked-tasks(w)';

/** `[    5.123456]`: seconds since power on, as the kernel stamps its messages. */
export function uptimeStamp(ms: number): string {
  return `[${(Math.max(0, ms) / 1000).toFixed(6).padStart(12)}]`;
}

/** The console's lines for `e`, without stamps (none for events the OS does not see). */
export function consoleLines(e: ModelEvent): string[] {
  return ftLines(e) ?? ioLines(e) ?? systemLines(e) ?? [];
}

function ftLines(e: ModelEvent): string[] | null {
  switch (e.type) {
    case 'SubsystemIsolated':
      return [`ftsrv: module ${e.module} ${e.subsystem} subsystem isolated (${e.kind.toLowerCase()} error)${e.component ? `, component ${e.component}` : ''}: ${e.reason}`];
    case 'ModuleKeptOut':
      return [`ftsrv: module ${e.module} kept out: ${e.count} ${e.subsystem} errors within ${e.windowSeconds} s (threshold ${e.threshold})`];
    case 'TransientReintegrating':
      return [`ftsrv: module ${e.module} ${e.subsystem} error was transient, re-integrating`];
    case 'ResyncStarted':
      return [`ftsrv: resync of module ${e.module} started${e.hypervisor ? ' (hypervisor mode: whole memory in blackout)' : ''}`];
    case 'BrownoutPassCompleted':
      return [`ftsrv: resync brownout pass ${e.pass}: copied ${e.copiedMiB} MiB, ${e.dirtyMiB} MiB dirty`];
    case 'BlackoutStarted':
      return [`ftsrv: resync blackout: pausing to copy ${e.residualMiB} MiB`];
    case 'BlackoutCompleted':
      return [`ftsrv: resync blackout done in ${e.pauseMs.toFixed(1)} ms`];
    case 'DuplexRestored':
      return [`ftsrv: module ${e.module} back in lockstep, system duplex`];
    case 'ResyncAborted':
      return [`ftsrv: resync of module ${e.module} aborted: ${e.reason}`];
    case 'ModuleRemoved':
      return [`ftsrv: module ${e.module} removed`];
    case 'ModuleInserted':
      return [`ftsrv: module ${e.module} inserted`];
    default:
      return null;
  }
}

function ioLines(e: ModelEvent): string[] | null {
  switch (e.type) {
    case 'LinkChanged':
      return [linkLine(e.iface, e.linkUp)];
    case 'IoMemberLost':
      return e.kind === 'Nic' ? [`bonding: bond0: link status definitely down for interface ${e.iface}, disabling it`] : [`device-mapper: multipath: Failing path ${e.iface}: ${e.reason}`];
    case 'IoFailoverCompleted':
      return e.kind === 'Nic' ? [`bonding: bond0: making interface ${e.to} the new active one`] : [`device-mapper: multipath: active path ${e.to}`];
    case 'IoPathsExhausted':
      return e.kind === 'Nic' ? ['bonding: bond0: now running without any active interface!'] : [`device-mapper: multipath: ${e.team}: remaining active paths: 0`];
    case 'PCIeFatalError':
      return [`pcieport: AER: Uncorrected (Fatal) error received: ${e.device} (module ${e.module})`];
    case 'DeviceSurpriseRemoved':
      return [`pciehp: Slot(${e.device}): Card not present, surprise removal`];
    default:
      return null;
  }
}

/** The driver's line for a link change: bonding for NICs, the FC driver for HBAs (by the model's interface names). */
function linkLine(iface: string, up: boolean): string {
  if (/NIC/i.test(iface)) return `bonding: bond0: link status definitely ${up ? 'up' : 'down'} for interface ${iface}${up ? '' : ', disabling it'}`;
  return `qla2xxx: ${iface}: LOOP ${up ? 'UP' : 'DOWN'} detected`;
}

function systemLines(e: ModelEvent): string[] | null {
  switch (e.type) {
    case 'SystemCrashed':
      return [`Kernel panic - not syncing: ${e.reason}`, '---[ end Kernel panic - not syncing ]---'];
    case 'SystemPowerChanged':
      if (e.state === 'On') return [...BOOT_LINES];
      return e.state === 'Off' ? ['reboot: Power down'] : [];
    default:
      return null;
  }
}
