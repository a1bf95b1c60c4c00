/**
 * Recovery of an ft device its undos did not restore (ObserveSpec.recover): power the system on if
 * it was on before, replace (pull and insert) each module that was in lockstep before and is out
 * now, wait for duplex, and clear error histories that grew. Uses whatever capabilities the device
 * has, not only the failed scenario's needs; every step has its share of the deadline.
 */
import type { FtSystemSnapshot, ModuleIndex } from '../../../drivers/capabilities/index.ts';
import { waitFor } from '../../../lib/deadline.ts';
import { InfraError } from '../../../lib/errors.ts';
import type { RecoveryTarget, StateReading } from '../../../harness/scenario.ts';
import { isDuplex, moduleOf } from './state.ts';

type Caps = RecoveryTarget['caps'];

function need<K extends keyof Caps>(caps: Caps, k: K, why: string): NonNullable<Caps[K]> {
  const c = caps[k];
  if (!c) throw new InfraError(`${why}, and the device offers no ${k}`);
  return c as NonNullable<Caps[K]>;
}

export async function ftRecover(target: RecoveryTarget, before: StateReading, wallMs: number): Promise<string[]> {
  const was = before.FtState;
  const state = target.caps.FtState;
  if (!was || !state) return [];
  const until = (what: string, pred: (s: FtSystemSnapshot) => boolean): Promise<FtSystemSnapshot> =>
    waitFor(`recovery: ${what}`, wallMs, async () => {
      const s = await state.snapshot();
      return pred(s) ? s : undefined;
    }, { clock: target.clock, intervalMs: 200 });
  const did: string[] = [];
  let s = await state.snapshot();
  if (was.powerState === 'On' && s.powerState !== 'On') {
    await need(target.caps, 'PowerControl', `the system is ${s.powerState}`).request('On');
    s = await until('system on', (x) => x.powerState === 'On');
    did.push('powered the system on');
    // Modules come back with the system: replace only those that do not.
    s = await until('system duplex after power-on', isDuplex).catch(() => state.snapshot());
  }
  for (const m of was.activeModules) {
    const now = moduleOf(s, m);
    if (s.activeModules.includes(m) || now?.opState === 'Brownout' || now?.opState === 'Blackout') continue;
    const fi = need(target.caps, 'FtLabFaultInjection', `module ${m} is out of lockstep (${now?.opState ?? 'not reported'})`);
    if (now && now.opState !== 'Absent') await fi.pullModule(m as ModuleIndex);
    await fi.insertModule(m as ModuleIndex);
    did.push(`replaced module ${m}`);
  }
  if (was.activeModules.length === 2) s = await until('system duplex', isDuplex);
  for (const m of s.modules) {
    const grew = Object.entries(m.counters).some(([sub, c]) => c.count > (moduleOf(was, m.index)?.counters[sub]?.count ?? 0));
    if (!grew) continue;
    await need(target.caps, 'FtLabFaultInjection', `module ${m.index}'s error counts grew`).clearErrorHistory(m.index as ModuleIndex);
    did.push(`cleared the error history of module ${m.index}`);
  }
  return did;
}
