/**
 * Groups history records into scenario instances (one per scenario × device × iteration).
 * Records name their scenario as {id, iteration} only; the device comes from `scenario-begin`.
 * While an instance is open (begun, not ended) its records attach to it; when two instances with
 * the same reference overlap, the record's own `device` field decides. Records with
 * `scenario: null` but a device attach to the single open instance on that device, so events
 * and samples the harness could not attribute still appear on the timeline.
 */
import type { HistoryRecord, ScenarioBegin, ScenarioEnd, ScenarioRef } from '../lib/history/records.ts';
import { beginBindingOf, bindingOf } from './record-access.ts';

export interface ScenarioInstance {
  /** `id@device#iteration`: unique within a run. */
  key: string;
  id: string;
  iteration: number;
  device: string;
  title: string;
  requirements: string[];
  begin: ScenarioBegin;
  end: ScenarioEnd | undefined;
  /** Records attributed to this instance, in history order (begin and end included). */
  records: HistoryRecord[];
  /** Largest `t` among its records. */
  lastT: number;
}

export function instanceKey(id: string, device: string, iteration: number): string {
  return `${id}@${device}#${iteration}`;
}

function refKey(ref: ScenarioRef): string {
  return `${ref.id}#${ref.iteration}`;
}

function scenarioOf(r: HistoryRecord): ScenarioRef | null | undefined {
  return 'scenario' in r ? r.scenario : undefined;
}

function deviceOf(r: HistoryRecord): string | undefined {
  return 'device' in r && typeof r.device === 'string' ? r.device : undefined;
}

export function groupScenarios(records: readonly HistoryRecord[]): ScenarioInstance[] {
  const instances: ScenarioInstance[] = [];
  const open = new Map<string, ScenarioInstance[]>();
  const all = new Map<string, ScenarioInstance[]>();

  const attach = (inst: ScenarioInstance, r: HistoryRecord): void => {
    inst.records.push(r);
    if (r.t > inst.lastT) inst.lastT = r.t;
  };
  const pick = (list: ScenarioInstance[] | undefined, device: string | undefined, latest: boolean): ScenarioInstance | undefined => {
    if (!list || list.length === 0) return undefined;
    if (device !== undefined) {
      const same = list.filter((i) => i.device === device);
      if (same.length > 0) return latest ? same[same.length - 1] : same[0];
    }
    return latest ? list[list.length - 1] : list[0];
  };

  for (const r of records) {
    if (r.type === 'scenario-begin') {
      const binding = beginBindingOf(r);
      const inst: ScenarioInstance = {
        key: instanceKey(r.scenario.id, binding, r.scenario.iteration),
        id: r.scenario.id,
        iteration: r.scenario.iteration,
        device: binding,
        title: r.title,
        requirements: [...r.requirements],
        begin: r,
        end: undefined,
        records: [r],
        lastT: r.t,
      };
      // A repeated begin of the same key (should not happen) gets a distinct key.
      let n = 2;
      while (instances.some((i) => i.key === inst.key)) inst.key = `${instanceKey(inst.id, inst.device, inst.iteration)}~${n++}`;
      instances.push(inst);
      const k = refKey(r.scenario);
      open.set(k, [...(open.get(k) ?? []), inst]);
      all.set(k, [...(all.get(k) ?? []), inst]);
      continue;
    }
    const ref = scenarioOf(r);
    // The reference may name its device (newer writers); otherwise the record's own device field decides.
    const device = (ref ? bindingOf(ref) : undefined) ?? deviceOf(r);
    if (ref) {
      const k = refKey(ref);
      const inst = pick(open.get(k), device, r.type !== 'scenario-end') ?? pick(all.get(k), device, true);
      if (!inst) continue;
      attach(inst, r);
      if (r.type === 'scenario-end' && !inst.end) {
        inst.end = r;
        open.set(
          k,
          (open.get(k) ?? []).filter((i) => i !== inst),
        );
      }
      continue;
    }
    if (ref === null && device !== undefined) {
      const candidates = [...open.values()].flat().filter((i) => i.device === device);
      const [only] = candidates;
      if (only && candidates.length === 1) attach(only, r);
    }
  }
  return instances;
}
