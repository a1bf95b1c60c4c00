/**
 * History format 1 → 2, record by record, so `ftlab report` renders histories written before
 * roles existed. Version 1 ran every scenario on one device of kind "ft": that device becomes
 * the binding label and the one device of role "ft"; samples were always FtState snapshots and
 * events always came from the EventSource.
 */
type Json = Record<string, unknown>;

/** The role name that version 1 scenarios are read under. */
export const V1_ROLE = 'ft';

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function upgradeRef(ref: unknown): unknown {
  if (!isObject(ref) || !('device' in ref)) return ref;
  const { device, ...rest } = ref;
  return typeof device === 'string' && device !== '' ? { ...rest, binding: device } : rest;
}

/** One version 1 record in the version 2 shape (a new object; the input is not changed). */
export function upgradeV1(record: Json): Json {
  const out: Json = { ...record };
  if ('scenario' in out) out.scenario = upgradeRef(out.scenario);
  switch (out.type) {
    case 'run-begin':
      return { ...out, version: 2, upgradedFrom: 1 };
    case 'scenario-begin': {
      const { device, ...rest } = out;
      return { ...rest, roles: typeof device === 'string' && device !== '' ? { [V1_ROLE]: [device] } : {} };
    }
    case 'sample': {
      const { system, ...rest } = out;
      return { ...rest, capability: 'FtState', state: system };
    }
    case 'event':
      return { capability: 'EventSource', ...out };
    default:
      return out;
  }
}
