/** Reading the ft system snapshot: duplex, simplex, which module is where. */
import type { FtSystemSnapshot, ModuleState } from '../../../drivers/capabilities/index.ts';

export function moduleOf(s: FtSystemSnapshot, index: number): ModuleState | undefined {
  return s.modules.find((m) => m.index === index);
}

export function isActive(s: FtSystemSnapshot, index: number): boolean {
  return s.activeModules.includes(index);
}

/** Both modules in lockstep, the system powered on. */
export function isDuplex(s: FtSystemSnapshot): boolean {
  return (
    s.powerState === 'On' &&
    isActive(s, 0) &&
    isActive(s, 1) &&
    s.modules.length >= 2 &&
    s.modules.every((m) => m.opState === 'Duplex')
  );
}

/** The system runs on `survivor` alone: powered on, only that module active. */
export function isSimplexOn(s: FtSystemSnapshot, survivor: number): boolean {
  return s.powerState === 'On' && s.activeModules.length === 1 && isActive(s, survivor);
}

export function otherModule(index: number): 0 | 1 {
  return index === 0 ? 1 : 0;
}

/** One line for check details and deadline messages. */
export function describeState(s: FtSystemSnapshot): string {
  const mods = s.modules
    .map((m) => `M${m.index}=${m.opState}${m.keptOut ? '(kept out)' : ''}${m.ledOn ? '(LED)' : ''}`)
    .join(' ');
  return `power=${s.powerState} active=[${s.activeModules.join(',')}] ${mods} nic=${s.nicActive ?? '-'}`;
}

/** A per-subsystem error counter, case-insensitively by subsystem name. */
export function counterOf(m: ModuleState | undefined, subsystem: string): { count: number; windowSeconds: number; threshold: number } | undefined {
  if (!m) return undefined;
  const key = Object.keys(m.counters).find((k) => k.toLowerCase() === subsystem.toLowerCase());
  return key === undefined ? undefined : m.counters[key];
}
