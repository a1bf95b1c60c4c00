/**
 * lab.schema.json, built from the tables: device kinds (kinds.ts), endpoint types
 * (endpoints/table.ts), capability names and the cluster slots (clusters.ts). The file is this function's output
 * (`npx tsx harness/inventory/write-lab-schema.ts`); schema.test.ts checks it is up to date.
 */
import { CAPABILITY_NAMES, NOT_BY_PROTOCOL } from '../../drivers/capabilities/names.ts';
import { BUSINESS_SCHEMA, clusterSchema } from './clusters.ts';
import { DEVICE_KINDS } from './kinds.ts';

/** The finest probe interval an inventory may ask for (ms): below it the probe's own loop (0.25 ms sleep slices) sets the pace. */
export const MIN_PROBE_INTERVAL_MS = 0.25;
import { ENDPOINT_TYPES, type EndpointType } from './endpoints/table.ts';

export interface InventoryTables {
  kinds: Readonly<Record<string, string>>;
  endpoints: Readonly<Record<string, EndpointType>>;
}

export const DEFAULT_TABLES: InventoryTables = { kinds: DEVICE_KINDS, endpoints: ENDPOINT_TYPES };

function deviceSchema(t: InventoryTables): object {
  const endpoints = Object.entries(t.endpoints);
  const protocols = endpoints.filter(([, e]) => e.servesCapabilities).map(([n]) => n);
  return {
    type: 'object',
    additionalProperties: false,
    required: ['kind'],
    anyOf: endpoints.filter(([, e]) => e.reachesDevice).map(([n]) => ({ required: [n] })),
    properties: {
      kind: { type: 'string', enum: Object.keys(t.kinds), description: 'Device kind; scenarios name the kind they run against.' },
      ...Object.fromEntries(endpoints.map(([n, e]) => [n, e.schema])),
      use: {
        type: 'object',
        additionalProperties: false,
        description: `Which protocol serves each capability (default: the first configured protocol that provides it, ${protocols.map((p) => (p === 'redfish' ? 'Redfish' : p === 'ipmi' ? 'IPMI' : p)).join(' before ')}).`,
        properties: Object.fromEntries(CAPABILITY_NAMES.filter((c) => !NOT_BY_PROTOCOL.includes(c)).map((c) => [c, { $ref: '#/definitions/capabilityProtocol' }])),
      },
      scenarios: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description: 'Scenario id globs this device runs (a leading ! excludes; the last match wins). Default: all.',
      },
      tags: { type: 'array', items: { type: 'string' } },
      probe: PROBE_SCHEMA,
    },
  };
}

const PROBE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  description: "The outside probe of the device's workload (a device with a WorkloadLocator).",
  properties: {
    intervalMs: {
      type: 'number',
      minimum: MIN_PROBE_INTERVAL_MS,
      maximum: 1000,
      description: "Send interval in ms (default 1, a 1 kHz probe). A pause's start is known to about half of it: 0.5 halves that error for twice the datagrams.",
    },
    sourceAddress: { type: 'string', minLength: 1, description: 'An IP address of this machine to send from (default: the wildcard, the kernel picks per route).' },
  },
};

export function buildLabSchema(t: InventoryTables = DEFAULT_TABLES): Record<string, unknown> {
  const protocols = Object.entries(t.endpoints).filter(([, e]) => e.servesCapabilities).map(([n]) => n);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://ftlab.dev/schemas/lab.schema.json',
    title: 'ftlab lab inventory',
    description:
      'The devices of a lab: kind, endpoints and credentials (never inline: ${env:VAR} or passwordFile), and clusters grouping them. See harness/README.md.',
    type: 'object',
    additionalProperties: false,
    required: ['devices'],
    properties: {
      name: { type: 'string', description: 'A name for the lab, shown in reports.' },
      timeScale: {
        type: 'number',
        exclusiveMinimum: 0,
        description: 'Written by the embedded lab (lab.json): the --time-scale its emulators run at. Informative; the harness reads the scale each BMC advertises.',
      },
      devices: {
        type: 'object',
        minProperties: 1,
        propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_-]*$' },
        additionalProperties: { $ref: '#/definitions/device' },
      },
      clusters: {
        type: 'object',
        description: 'SAN-boot clusters: groups of the devices above that scenarios target as one (a role of kind cluster).',
        propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_-]*$' },
        additionalProperties: { $ref: '#/definitions/cluster' },
      },
    },
    definitions: {
      secretRef: {
        type: 'string',
        pattern: '^\\$\\{env:[A-Za-z_][A-Za-z0-9_]*\\}$',
        description: 'a reference ${env:VAR} (inline passwords are refused; or use passwordFile)',
      },
      capabilityProtocol: { type: 'string', enum: protocols },
      device: deviceSchema(t),
      cluster: clusterSchema(),
      business: BUSINESS_SCHEMA,
    },
  };
}

let cached: Record<string, unknown> | null = null;

/** The schema of the shipped tables (one object, so the compiled validator is reused). */
export function labSchema(): Record<string, unknown> {
  cached ??= buildLabSchema();
  return cached;
}
