/**
 * What each cluster server prints on its serial console, from the model's events (pure: the same
 * events over the same config give the same lines). The firmware speaks first — POST, the HBA
 * BIOS logging in to the fabric, the boot LUN found on the SAN (volume, NAA, array) or "No
 * bootable device" — then the kernel, whose lines carry its uptime stamp: the OS up, the business
 * started, a panic, a dump, the shutdown. A hard power-off (a fence with ForceOff) prints nothing,
 * as on real hardware. A partition's firmware lines appear on every member, its OS on the boot member.
 *
 *   BIOS ClusterLab PX-4 (C620): POST, 2 x Xeon Gold 6338, 512 GiB
 *   HBA BIOS: hba0 WWPN 21:00:00:24:ff:00:01:00 logged in to fabric A (fcA port 1)
 *   HBA BIOS: boot LUN 0 is volume vol-crm (NAA 60060e80…) on array1: booting from SAN
 *   [    0.000000] Linux version 6.1.0-cluster … root=/dev/mapper/vol-crm-root
 *   [   60.000000] systemd[1]: Started crm.service - business crm (crm, priority high).
 */
import type { ClusterConfig, HbaCable, ServerSpec } from '../config/types.ts';
import type { BootState, ClusterEvent } from '../model/events.ts';

export interface ConsoleLine {
  server: string;
  text: string;
  /** A kernel line (stamped with the uptime) rather than a firmware one. */
  kernel: boolean;
}

/** What the text needs beyond the events: the config and which servers a system is made of now. */
export interface ConsoleView {
  config: ClusterConfig;
  membersOf(system: string): readonly string[];
}

export const NO_BOOTABLE_DEVICE = 'No bootable device -- insert boot disk and press any key';

/** The console lines of every server, event by event (keeps each system's boot state to tell a shutdown from a cut). */
export class FleetConsoleText {
  private readonly boot = new Map<string, BootState>();

  constructor(private readonly view: ConsoleView) {}

  linesFor(e: ClusterEvent): ConsoleLine[] {
    switch (e.type) {
      case 'BootStateChanged': {
        const before = this.boot.get(e.system) ?? 'Off';
        this.boot.set(e.system, e.state);
        return this.bootLines(e.system, e.state, before, e.volume, e.reason);
      }
      case 'FabricLogin':
        return this.loginLines(e.wwpn, e.port);
      case 'ResetRequested':
        return e.reset === 'GracefulShutdown' && this.boot.get(e.system) === 'Running' ? this.os(e.system, ['systemd-logind[812]: Power key pressed short.']) : [];
      case 'DumpStarted':
        return this.os(e.system, ['kdump: NMI received, saving vmcore to the dump device']);
      case 'DumpFinished':
        return this.os(e.system, ['kdump: vmcore saved']);
      case 'HardwareFault':
        return this.faultLines(e.server, e.fault);
      default:
        return [];
    }
  }

  private bootLines(system: string, state: BootState, before: BootState, volume: string | null, reason: string | undefined): ConsoleLine[] {
    switch (state) {
      case 'Post':
        return this.firmware(system, (s) => [postLine(this.view.config, s)]);
      case 'FabricLogin':
        return this.firmware(system, (s) => s.hbas.map((h) => `HBA BIOS: ${h.id} WWPN ${h.wwpn} link up, logging in to fabric ${h.fabric}`));
      case 'Booting':
        return [...this.bootFrom(system, volume), ...this.os(system, kernelStart(volume))];
      case 'Running':
        return this.os(system, runningLines(this.view.config, system, volume));
      case 'NoBootableDevice':
        return this.onBoot(system, false, (s) => [`HBA BIOS: no boot LUN ${s.bootLun} visible to ${s.hbas.map((h) => h.wwpn).join(', ')}`, NO_BOOTABLE_DEVICE]);
      case 'Crashed':
        if (reason?.startsWith('POST failed')) return this.firmware(system, () => [`BIOS: ${reason}, system halted`]);
        return this.os(system, [`Kernel panic - not syncing: ${reason ?? 'fatal error'}`, '---[ end Kernel panic - not syncing ]---']);
      case 'ShuttingDown':
        return this.os(system, shutdownLines(this.view.config, volume));
      case 'Off':
        return before === 'ShuttingDown' ? this.os(system, ['reboot: Power down']) : [];
    }
  }

  private bootFrom(system: string, volume: string | null): ConsoleLine[] {
    const found = volume === null ? null : volumeOf(this.view.config, volume);
    return this.onBoot(system, false, (s) => [
      found ? `HBA BIOS: boot LUN ${s.bootLun} is volume ${volume ?? ''} (NAA ${found.naa}) on ${found.array}: booting from SAN` : `HBA BIOS: boot LUN ${s.bootLun}: booting from SAN`,
    ]);
  }

  private loginLines(wwpn: string, port: string): ConsoleLine[] {
    for (const s of this.view.config.servers) {
      const h: HbaCable | undefined = s.hbas.find((x) => x.wwpn === wwpn);
      if (h) return [{ server: s.id, text: `HBA BIOS: ${h.id} WWPN ${wwpn} logged in to fabric ${h.fabric} (port ${port})`, kernel: false }];
    }
    return [];
  }

  private faultLines(server: string, fault: string): ConsoleLine[] {
    const system = [...this.boot.keys()].find((id) => this.view.membersOf(id).includes(server)) ?? server;
    if (this.boot.get(system) !== 'Running') return [];
    if (fault === 'Cpu' || fault === 'Memory') return [{ server, text: `mce: [Hardware Error]: Machine check events logged (${fault.toLowerCase()})`, kernel: true }];
    if (fault === 'Pcie') return [{ server, text: 'pcieport: AER: Uncorrected (Fatal) error received', kernel: true }];
    return [];
  }

  /** Firmware lines on every member of the system. */
  private firmware(system: string, lines: (s: ServerSpec) => string[]): ConsoleLine[] {
    return this.specsOf(system).flatMap((s) => lines(s).map((text) => ({ server: s.id, text, kernel: false })));
  }

  /** Lines on the boot member only. */
  private onBoot(system: string, kernel: boolean, lines: (s: ServerSpec) => string[]): ConsoleLine[] {
    const s = this.specsOf(system)[0];
    return s ? lines(s).map((text) => ({ server: s.id, text, kernel })) : [];
  }

  private os(system: string, lines: readonly string[]): ConsoleLine[] {
    return this.onBoot(system, true, () => [...lines]);
  }

  private specsOf(system: string): ServerSpec[] {
    return this.view.membersOf(system).flatMap((id) => this.view.config.servers.filter((s) => s.id === id));
  }
}

function postLine(config: ClusterConfig, s: ServerSpec): string {
  const k = config.hardwareKinds.find((x) => x.id === s.kind);
  if (!k) return `BIOS: POST (${s.kind})`;
  return `BIOS ${k.manufacturer} ${k.model} (${k.chipset}): POST, ${k.cpu.sockets} x ${k.cpu.model}, ${k.memoryGiB} GiB`;
}

function volumeOf(config: ClusterConfig, volume: string): { naa: string; array: string } | null {
  for (const a of config.arrays) {
    const v = a.volumes.find((x) => x.id === volume);
    if (v) return { naa: v.naa, array: a.id };
  }
  return null;
}

function kernelStart(volume: string | null): string[] {
  return [
    `Linux version 6.1.0-cluster (builder@ftlab) #1 SMP PREEMPT_DYNAMIC`,
    `Command line: BOOT_IMAGE=/vmlinuz root=/dev/mapper/${volume ?? 'san'}-root ro console=ttyS0,115200n8`,
  ];
}

function businessOn(config: ClusterConfig, volume: string | null): ClusterConfig['businesses'][number] | undefined {
  return volume === null ? undefined : config.businesses.find((b) => b.volume === volume);
}

function runningLines(config: ClusterConfig, system: string, volume: string | null): string[] {
  const b = businessOn(config, volume);
  return [
    'systemd[1]: Reached target multi-user.target - Multi-User System.',
    ...(b ? [`systemd[1]: Started ${b.id}.service - business ${b.id} (${b.type}, priority ${b.priority}).`] : []),
    `${system} login: `,
  ];
}

function shutdownLines(config: ClusterConfig, volume: string | null): string[] {
  const b = businessOn(config, volume);
  return [...(b ? [`systemd[1]: Stopping ${b.id}.service - business ${b.id}...`] : []), 'systemd-shutdown[1]: Syncing filesystems and block devices.'];
}
