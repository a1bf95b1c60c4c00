import test from 'ava';
import { openConsole } from '../../../drivers/serial/open.ts';
import { rig } from '../testing/model.ts';
import type { ClusterEvent } from '../model/events.ts';
import { FleetConsoleFeeds } from './feeds.ts';
import { startFleetConsoles } from './server.ts';
import { FleetConsoleText, NO_BOOTABLE_DEVICE } from './text.ts';

function printed(events: readonly ClusterEvent[], text: FleetConsoleText, server: string): string[] {
  return events.flatMap((e) => text.linesFor(e)).filter((l) => l.server === server).map((l) => `${l.kernel ? 'K ' : ''}${l.text}`);
}

function textOf(r: ReturnType<typeof rig>): FleetConsoleText {
  return new FleetConsoleText({ config: r.model.config, membersOf: (id) => r.model.systems.get(id)?.members ?? [id] });
}

test('a server booting its business from the SAN: POST, the HBA BIOS logging in, the boot LUN (volume, NAA, array), the OS, the business', (t) => {
  const r = rig();
  t.deepEqual(printed(r.events, textOf(r), 'srv01'), [
    'BIOS Contoso GX220 (C621A): POST, 2 x Xeon Gold 6338, 256 GiB',
    'HBA BIOS: hba0 WWPN 21:00:00:24:ff:00:01:00 link up, logging in to fabric A',
    'HBA BIOS: hba1 WWPN 21:00:00:24:ff:00:01:01 link up, logging in to fabric B',
    'HBA BIOS: hba0 WWPN 21:00:00:24:ff:00:01:00 logged in to fabric A (port 0)',
    'HBA BIOS: hba1 WWPN 21:00:00:24:ff:00:01:01 logged in to fabric B (port 0)',
    'HBA BIOS: boot LUN 0 is volume boot-crm (NAA 600a0b80003ea0000000000000000001) on array1: booting from SAN',
    'K Linux version 6.1.0-cluster (builder@ftlab) #1 SMP PREEMPT_DYNAMIC',
    'K Command line: BOOT_IMAGE=/vmlinuz root=/dev/mapper/boot-crm-root ro console=ttyS0,115200n8',
    'K systemd[1]: Reached target multi-user.target - Multi-User System.',
    'K systemd[1]: Started crm.service - business crm (crm, priority high).',
    'K srv01 login: ',
  ]);
});

test('a spare with no zone and no masking: "No bootable device"; a graceful fence shuts down, a ForceOff prints nothing, a dump is announced', (t) => {
  const r = rig();
  const text = textOf(r);
  printed([...r.events], text, 'srv01');
  r.take();
  r.model.system('srv08').reset('On');
  r.clock.advance(20_000);
  const spare = printed(r.take(), text, 'srv08');
  t.deepEqual(spare.slice(-2), ['HBA BIOS: no boot LUN 0 visible to 21:00:00:24:ff:00:08:00, 21:00:00:24:ff:00:08:01', NO_BOOTABLE_DEVICE]);
  r.model.system('srv01').startDump();
  r.model.system('srv01').reset('GracefulShutdown');
  r.clock.advance(200_000);
  t.deepEqual(printed(r.take(), text, 'srv01'), [
    'K kdump: NMI received, saving vmcore to the dump device',
    'K systemd-logind[812]: Power key pressed short.',
    'K kdump: vmcore saved',
    'K systemd[1]: Stopping crm.service - business crm...',
    'K systemd-shutdown[1]: Syncing filesystems and block devices.',
    'K reboot: Power down',
  ]);
  r.model.system('srv02').reset('ForceOff');
  r.clock.advance(1000);
  t.deepEqual(printed(r.take(), text, 'srv02'), []);
});

test('each server prints on its own TCP port, kernel lines stamped with the uptime since POST (read with the harness console client)', async (t) => {
  const r = rig([], { start: false });
  const feeds = new FleetConsoleFeeds(r.model);
  const consoles = await startFleetConsoles(feeds, '127.0.0.1');
  t.teardown(async () => {
    await consoles.close();
    feeds.close();
  });
  t.is(consoles.ports.size, r.model.config.servers.length);
  const port = consoles.ports.get('srv01');
  if (port === undefined) return t.fail('no console port for srv01');
  t.is(port.banner, '[ftlab console of srv01: attached]');
  const con = await openConsole({ tcp: { host: '127.0.0.1', port: port.tcp, telnet: false, banner: port.banner } });
  t.teardown(() => con.close());
  r.model.start();
  await r.settle(80_000);
  const started = await con.waitFor('Started crm.service', 5000, { since: 0 });
  t.regex(started.line.text, /^\[\s+77\.000000\] systemd\[1\]: Started crm\.service - business crm \(crm, priority high\)\.$/);
  t.is(con.linesSince(0)[0]?.text, 'BIOS Contoso GX220 (C621A): POST, 2 x Xeon Gold 6338, 256 GiB');
});
