/**
 * Redfish actions: find one in a resource's `Actions` (or `Actions.Oem`) and check parameters
 * against `<Param>@Redfish.AllowableValues` and the `@Redfish.ActionInfo` resource before posting.
 */
import { ActionNotFoundError, ActionValidationError, RedfishNotFoundError, RedfishProtocolError } from './errors.ts';
import { type JsonObject, isObject } from './json.ts';

export type ActionParams = Record<string, unknown>;

export interface FoundAction {
  resource: string;
  /** Name as in the resource, with its leading '#', e.g. `#ComputerSystem.Reset`. */
  action: string;
  target: string;
  /** Parameter → values advertised with `@Redfish.AllowableValues` on the action object. */
  allowable: Record<string, unknown[]>;
  actionInfo: string | null;
}

/** Action names a resource offers (standard and OEM). */
export function offeredActions(resource: JsonObject): string[] {
  const actions = isObject(resource.Actions) ? resource.Actions : {};
  const names = Object.keys(actions).filter((k) => k.startsWith('#'));
  const oem = isObject(actions.Oem) ? Object.keys(actions.Oem).filter((k) => k.startsWith('#')) : [];
  return [...names, ...oem];
}

export function findAction(resource: JsonObject, resourcePath: string, name: string): FoundAction {
  const action = name.startsWith('#') ? name : `#${name}`;
  const actions = isObject(resource.Actions) ? resource.Actions : {};
  const oem = isObject(actions.Oem) ? actions.Oem : {};
  const raw = actions[action] ?? oem[action];
  if (raw === undefined) throw new ActionNotFoundError(resourcePath, action, offeredActions(resource));
  if (!isObject(raw) || typeof raw.target !== 'string') {
    throw new RedfishProtocolError(resourcePath, `Actions.${action}.target`, 'expected the action to name its target URI');
  }
  const allowable: Record<string, unknown[]> = {};
  for (const [k, v] of Object.entries(raw)) {
    const m = /^(.+)@Redfish\.AllowableValues$/.exec(k);
    if (m?.[1] && Array.isArray(v)) allowable[m[1]] = v;
  }
  const info = raw['@Redfish.ActionInfo'];
  return { resource: resourcePath, action, target: raw.target, allowable, actionInfo: typeof info === 'string' ? info : null };
}

interface InfoParameter {
  name: string;
  required: boolean;
  dataType: string | null;
  allowableValues: unknown[] | null;
  allowableNumbers: string[] | null;
}

function parseInfoParameters(info: JsonObject, path: string): InfoParameter[] {
  const params = info.Parameters;
  if (!Array.isArray(params)) throw new RedfishProtocolError(path, 'Parameters', 'expected an array in the ActionInfo');
  return params.filter(isObject).map((p) => ({
    name: typeof p.Name === 'string' ? p.Name : '',
    required: p.Required === true,
    dataType: typeof p.DataType === 'string' ? p.DataType : null,
    allowableValues: Array.isArray(p.AllowableValues) ? p.AllowableValues : null,
    allowableNumbers: Array.isArray(p.AllowableNumbers) ? p.AllowableNumbers.map(String) : null,
  }));
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && JSON.stringify(a) === JSON.stringify(b));
}

function fail(found: FoundAction, parameter: string, expectation: string, allowed: readonly unknown[] | null, value?: unknown): never {
  throw new ActionValidationError(found.resource, found.action, parameter, expectation, allowed, value === undefined ? {} : { found: value });
}

function describeAllowed(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
}

function checkType(found: FoundAction, name: string, value: unknown, dataType: string | null): void {
  if (!dataType) return;
  const ok: Record<string, (v: unknown) => boolean> = {
    Boolean: (v) => typeof v === 'boolean',
    Number: (v) => typeof v === 'number',
    String: (v) => typeof v === 'string',
    Object: (v) => isObject(v),
    BooleanArray: (v) => Array.isArray(v) && v.every((x) => typeof x === 'boolean'),
    NumberArray: (v) => Array.isArray(v) && v.every((x) => typeof x === 'number'),
    StringArray: (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'),
    ObjectArray: (v) => Array.isArray(v) && v.every(isObject),
  };
  const check = ok[dataType];
  if (check && !check(value)) fail(found, name, `a value of type ${dataType}`, null, value);
}

/** "0:3" / "4:" / ":10" / "5" ranges of ActionInfo AllowableNumbers. */
function inNumberRanges(value: number, ranges: string[]): boolean {
  return ranges.some((r) => {
    const [lo, hi] = r.includes(':') ? r.split(':') : [r, r];
    return (lo === '' || lo === undefined || value >= Number(lo)) && (hi === '' || hi === undefined || value <= Number(hi));
  });
}

/**
 * Throws ActionValidationError (naming the parameter and what is allowed) when `params` do not
 * fit what the resource advertises. `getJson` fetches the ActionInfo when there is one; a missing
 * ActionInfo resource (404) is tolerated: AllowableValues still apply.
 */
export async function validateActionParams(found: FoundAction, params: ActionParams, getJson: (path: string) => Promise<JsonObject>): Promise<void> {
  for (const [name, allowed] of Object.entries(found.allowable)) {
    if (name in params && !allowed.some((a) => sameValue(a, params[name]))) {
      fail(found, name, `one of ${describeAllowed(allowed)}`, allowed, params[name]);
    }
  }
  if (!found.actionInfo) return;
  let info: JsonObject;
  try {
    info = await getJson(found.actionInfo);
  } catch (e) {
    if (e instanceof RedfishNotFoundError) return;
    throw e;
  }
  const described = parseInfoParameters(info, found.actionInfo);
  const names = described.map((p) => p.name);
  for (const name of Object.keys(params)) {
    if (!names.includes(name)) fail(found, name, `not a parameter of this action (parameters: ${names.join(', ') || 'none'})`, null);
  }
  for (const p of described) {
    const value = params[p.name];
    if (value === undefined) {
      if (p.required) fail(found, p.name, `required${p.allowableValues ? ` (one of ${describeAllowed(p.allowableValues)})` : ''}`, p.allowableValues);
      continue;
    }
    if (p.allowableValues) {
      // The allowable values decide; DataType is only checked without them (some services
      // advertise a loose DataType, e.g. Object, next to a list of strings).
      if (!p.allowableValues.some((a) => sameValue(a, value))) fail(found, p.name, `one of ${describeAllowed(p.allowableValues)}`, p.allowableValues, value);
    } else {
      checkType(found, p.name, value, p.dataType);
    }
    if (p.allowableNumbers && typeof value === 'number' && !inNumberRanges(value, p.allowableNumbers)) {
      fail(found, p.name, `a number in ${p.allowableNumbers.join(', ')}`, p.allowableNumbers, value);
    }
  }
}
