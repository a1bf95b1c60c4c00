/**
 * The generic state of any managed system (an ft server, a fleet server, a switch): power and
 * health as its management controller reports them. The `SystemHealth` capability produces it.
 */
export interface HealthSnapshot {
  /** Redfish PowerState (On, Off, PoweringOn, ...) or the IPMI chassis power state. */
  powerState: string;
  /** Redfish Status.State, when reported. */
  state: string | null;
  /** Redfish Status.Health (OK, Warning, Critical), when reported. */
  health: string | null;
}

export const SYSTEM_HEALTH = 'SystemHealth';

/** The health snapshot a history sample carries, or null when it is of another capability. */
export function healthStateOf(sample: { capability: string; state: unknown }): HealthSnapshot | null {
  const s = sample.state;
  if (sample.capability !== SYSTEM_HEALTH || typeof s !== 'object' || s === null) return null;
  return typeof (s as { powerState?: unknown }).powerState === 'string' ? (s as HealthSnapshot) : null;
}

const HEALTH_ORDER = ['OK', 'Warning', 'Critical'];

/** How bad a Redfish Health is: 0 OK (or absent), 1 Warning, 2 Critical; -1 for anything else. */
export function healthRank(h: string | null | undefined): number {
  return HEALTH_ORDER.indexOf(h ?? 'OK');
}

/** The worst of some Health values (absent ones ignored): what a HealthRollup over them says. */
export function worstHealth(healths: readonly (string | null | undefined)[]): string {
  return HEALTH_ORDER[Math.max(0, ...healths.map(healthRank))] ?? 'OK';
}
