import test from 'ava';
import { FleetConsoleText, NO_BOOTABLE_DEVICE } from '../../../simulators/cluster/console/text.ts';
import { rig } from '../../../simulators/cluster/testing/model.ts';
import { HBA_BOOT_LINE } from './console.ts';

test('the HBA BIOS line the fleet prints names the booted volume; "no boot LUN" matches without one; nothing else matches', (t) => {
  const r = rig();
  const text = new FleetConsoleText({ config: r.model.config, membersOf: (id) => r.model.systems.get(id)?.members ?? [id] });
  const lines = r.events.flatMap((e) => text.linesFor(e)).map((l) => l.text);
  const matched = lines.flatMap((l) => {
    const m = HBA_BOOT_LINE.exec(l);
    return m ? [m[1] ?? null] : [];
  });
  t.deepEqual(matched.sort(), r.model.config.businesses.map((b) => b.volume).sort(), lines.join('\n'));
  const none = HBA_BOOT_LINE.exec('HBA BIOS: no boot LUN 0 visible to 21:00:00:24:ff:00:08:00, 21:00:00:24:ff:00:08:01');
  t.is(none?.[1], undefined);
  t.is(HBA_BOOT_LINE.exec(NO_BOOTABLE_DEVICE), null);
});
