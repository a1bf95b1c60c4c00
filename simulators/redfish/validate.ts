import { baseId, RedfishError, type ErrorMessageRef } from './errors.ts';
import type { JsonObject, ParameterSpec, PropertySpec, PropertySpecs } from './types.ts';

export function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** How a value is shown inside a message argument. */
export function showValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
}

/** Which message family to use: PATCH/POST properties or action parameters. */
interface Reporter {
  type(value: unknown, name: string): ErrorMessageRef;
  notInList(value: unknown, name: string, allowed: readonly string[]): ErrorMessageRef;
  format(value: unknown, name: string): ErrorMessageRef;
  range(value: unknown, name: string): ErrorMessageRef;
}

const related = (name: string): string[] => [`#/${name}`];

const propertyReporter: Reporter = {
  type: (v, n) => ({ MessageId: baseId('PropertyValueTypeError'), MessageArgs: [showValue(v), n], RelatedProperties: related(n) }),
  notInList: (v, n, allowed) => ({
    MessageId: baseId('PropertyValueNotInList'),
    MessageArgs: [showValue(v), n],
    RelatedProperties: related(n),
    Resolution: `Choose one of: ${allowed.join(', ')}.`,
  }),
  format: (v, n) => ({ MessageId: baseId('PropertyValueFormatError'), MessageArgs: [showValue(v), n], RelatedProperties: related(n) }),
  range: (v, n) => ({ MessageId: baseId('PropertyValueOutOfRange'), MessageArgs: [showValue(v), n], RelatedProperties: related(n) }),
};

function parameterReporter(action: string): Reporter {
  return {
    type: (v, n) => ({ MessageId: baseId('ActionParameterValueTypeError'), MessageArgs: [showValue(v), n, action] }),
    notInList: (v, n, allowed) => ({
      MessageId: baseId('ActionParameterValueNotInList'),
      MessageArgs: [showValue(v), n, action],
      Resolution: `Choose one of the allowable values for ${n}: ${allowed.join(', ')}.`,
    }),
    format: (v, n) => ({ MessageId: baseId('ActionParameterValueFormatError'), MessageArgs: [showValue(v), n, action] }),
    range: (v, n) => ({ MessageId: baseId('ActionParameterValueOutOfRange'), MessageArgs: [showValue(v), n, action] }),
  };
}

/** Check one value against its spec; nested objects are checked with `checkObject`. */
function checkValue(value: unknown, spec: PropertySpec, name: string, rep: Reporter, out: ErrorMessageRef[], current: unknown): unknown {
  if (spec.type === 'json') return value;
  if (value === null) {
    if (spec.nullable) return null;
    out.push(rep.type(value, name));
    return undefined;
  }
  switch (spec.type) {
    case 'string': {
      if (typeof value !== 'string') return void out.push(rep.type(value, name));
      const allowed = (spec as ParameterSpec & { type: 'string' }).allowable ?? spec.enum;
      if (allowed && !allowed.includes(value)) return void out.push(rep.notInList(value, name, allowed));
      if ((spec.minLength !== undefined && value.length < spec.minLength) || (spec.maxLength !== undefined && value.length > spec.maxLength)) {
        return void out.push(rep.range(value, name));
      }
      if (spec.pattern && !spec.pattern.test(value)) return void out.push(rep.format(value, name));
      return value;
    }
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value) || (spec.type === 'integer' && !Number.isInteger(value))) {
        return void out.push(rep.type(value, name));
      }
      if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) return void out.push(rep.range(value, name));
      return value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') return void out.push(rep.type(value, name));
      return value;
    case 'array': {
      if (!Array.isArray(value)) return void out.push(rep.type(value, name));
      if ((spec.minItems !== undefined && value.length < spec.minItems) || (spec.maxItems !== undefined && value.length > spec.maxItems)) {
        return void out.push(rep.range(value, name));
      }
      return value.map((item, i) => checkValue(item, spec.items, `${name}/${i}`, rep, out, undefined));
    }
    case 'object':
      if (!isPlainObject(value)) return void out.push(rep.type(value, name));
      return checkObject(value, spec.properties, isPlainObject(current) ? current : {}, rep, out, `${name}/`);
  }
}

function checkObject(body: JsonObject, specs: PropertySpecs, current: JsonObject, rep: Reporter, out: ErrorMessageRef[], prefix: string): JsonObject {
  const changes: JsonObject = {};
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('@odata.')) continue;
    const name = `${prefix}${key}`;
    const spec = Object.hasOwn(specs, key) ? specs[key] : undefined;
    if (!spec) {
      out.push({
        MessageId: baseId(Object.hasOwn(current, key) ? 'PropertyNotWritable' : 'PropertyUnknown'),
        MessageArgs: [name],
        RelatedProperties: related(name),
      });
      continue;
    }
    changes[key] = checkValue(value, spec, name, rep, out, current[key]);
  }
  return changes;
}

/**
 * Validate a PATCH body against the writable specs. `current` (the GET body) decides between
 * PropertyNotWritable (exists, read-only) and PropertyUnknown. Throws a 400 listing every problem;
 * returns the accepted changes (annotations removed).
 */
export function validatePatch(body: JsonObject, writable: PropertySpecs, current: JsonObject): JsonObject {
  const out: ErrorMessageRef[] = [];
  if (Object.keys(body).length === 0) throw new RedfishError(400, baseId('EmptyJSON'));
  // Only annotations (`@odata.etag`, `Prop@Redfish.AllowableValues`, …): nothing to change.
  if (Object.keys(body).every((k) => k.includes('@'))) throw new RedfishError(400, baseId('NoOperation'));
  const changes = checkObject(body, writable, current, propertyReporter, out, '');
  if (out.length) throw new RedfishError(400, out);
  return changes;
}

/** Validate a POST body (e.g. a create); `required` properties missing → PropertyMissing. */
export function validateBody(body: JsonObject, specs: PropertySpecs, opts: { required?: readonly string[] } = {}): JsonObject {
  const out: ErrorMessageRef[] = [];
  for (const r of opts.required ?? []) {
    if (!Object.hasOwn(body, r)) out.push({ MessageId: baseId('PropertyMissing'), MessageArgs: [r], RelatedProperties: related(r) });
  }
  const accepted = checkObject(body, specs, {}, propertyReporter, out, '');
  if (out.length) throw new RedfishError(400, out);
  return accepted;
}

/** Validate action parameters; annotation keys (`@…`) are ignored. */
export function validateParameters(action: string, body: JsonObject, params: Record<string, ParameterSpec>): JsonObject {
  const out: ErrorMessageRef[] = [];
  const rep = parameterReporter(action);
  const accepted: JsonObject = {};
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('@')) continue;
    const spec = Object.hasOwn(params, key) ? params[key] : undefined;
    if (!spec) {
      out.push({ MessageId: baseId('ActionParameterUnknown'), MessageArgs: [action, key] });
      continue;
    }
    accepted[key] = checkValue(value, spec, key, rep, out, undefined);
  }
  for (const [key, spec] of Object.entries(params)) {
    if (spec.required && !Object.hasOwn(body, key)) out.push({ MessageId: baseId('ActionParameterMissing'), MessageArgs: [action, key] });
  }
  if (out.length) throw new RedfishError(400, out);
  return accepted;
}
