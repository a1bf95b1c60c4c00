/**
 * Defect profiles of the reference failover manager (`--defect NAME`, `--list-defects`): each a
 * distinct, plausible bug of a real manager, applied by the decision core (search or plan), so a
 * suite can show it catches that bug and only in the scenario meant to. The healthy manager runs
 * with none.
 */
import { ConfigError } from '../../lib/errors.ts';
import type { ManagerDefectName } from '../../lib/domains/failover/manager.ts';

export const DEFECTS = {
  'boot-before-fence': 'boots the standby before the failed server is fenced (the fence comes after the boot)',
  'map-before-unmap': 'maps the boot volumes to the standby before unmapping them from the failed server',
  'ignore-policy': "with no exact match, takes the business's search policy as met by any unused server on the same switches and arrays",
  'ignore-priority': 'preempts the first matching in-use server by id, whatever its business priority',
  'skip-zoning': 'leaves FC zoning as it was (no zone-remove, zone-add or zone-activate)',
  'skip-vlan': "leaves the standby's switch ports in their own VLANs",
  'wrong-hardware': 'compares only connectivity and port counts, not CPU, memory, chipset or server count',
  'partial-on-no-standby': 'with no standby, still fences the failed server and unmaps its volumes before notifying',
  'same-lun-renumbered': 'maps the volumes to the standby with LUN numbers from 1 up instead of the same numbers',
  'no-dump-wait': 'fences the failed server without waiting for its dump',
} as const satisfies Record<ManagerDefectName, string>;

export type DefectName = keyof typeof DEFECTS;
export type Defects = ReadonlySet<DefectName>;

export const DEFECT_NAMES = Object.keys(DEFECTS) as DefectName[];
export const NO_DEFECTS: Defects = new Set();

function isDefect(name: string): name is DefectName {
  return Object.hasOwn(DEFECTS, name);
}

/** The `--defect` values, checked: an unknown name is a ConfigError listing the known ones. */
export function parseDefects(names: readonly string[], where = '--defect'): Defects {
  const out = new Set<DefectName>();
  for (const n of names) {
    if (!isDefect(n)) throw new ConfigError(where, `expected a defect profile, one of: ${DEFECT_NAMES.join(', ')}`, { found: n });
    out.add(n);
  }
  return out;
}

/** `--list-defects`: one line per profile, name then what it does. */
export function listDefectsText(): string {
  const width = Math.max(...DEFECT_NAMES.map((n) => n.length));
  return `${DEFECT_NAMES.map((n) => `${n.padEnd(width)}  ${DEFECTS[n]}`).join('\n')}\n`;
}
