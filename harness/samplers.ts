/**
 * The capabilities whose state a scenario can sample into the history, how each is read and how
 * it is described in a deadline message. One entry per state capability: a new domain (fleet
 * servers, switches, arrays) adds its own here, and its domain module in lib/domains/ decodes the
 * recorded state for invariants and reports.
 */
import type { CapabilityMap, FtSystemSnapshot, HealthSnapshot } from '../drivers/capabilities/index.ts';

export interface SampledState {
  FtState: FtSystemSnapshot;
  SystemHealth: HealthSnapshot;
}
export type SampledName = keyof SampledState;

interface Sampler<C extends SampledName> {
  read(cap: CapabilityMap[C], signal: AbortSignal): Promise<SampledState[C]>;
  describe(state: SampledState[C]): string;
}

const SAMPLERS: { readonly [C in SampledName]: Sampler<C> } = {
  FtState: {
    read: (cap, signal) => cap.snapshot(signal),
    describe: (s) => `power ${s.powerState}, modules [${s.modules.map((m) => `${m.index}: ${m.opState}`).join(', ')}], in lockstep [${s.activeModules.join(', ')}]`,
  },
  SystemHealth: {
    read: (cap, signal) => cap.read(signal),
    describe: (s) => `power ${s.powerState}, state ${s.state ?? 'unknown'}, health ${s.health ?? 'unknown'}`,
  },
};

export function samplerOf<C extends SampledName>(capability: C): Sampler<C> {
  return SAMPLERS[capability] as Sampler<C>;
}

/** The sampled capabilities among `names` (e.g. those a device offers). */
export function sampledAmong(names: Iterable<string>): SampledName[] {
  return [...names].filter((n): n is SampledName => Object.hasOwn(SAMPLERS, n));
}
