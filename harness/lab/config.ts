/** `ftlab lab up --config FILE`: which emulated devices and clusters the embedded lab starts. */
import { checkSchema } from '../config/schema-check.ts';
import { YamlSource } from '../config/yaml-file.ts';
import type { EmbeddedDeviceSpec } from './embedded.ts';
import { CLUSTER_HOST_KIND } from './lab-announcement.ts';
import { MANAGER_DEFECT_NAMES } from '../../lib/domains/failover/manager.ts';

/** What the lab host runs: ft devices, and clusters (whose members join the inventory). */
export const EMBEDDED_KINDS = ['ft', CLUSTER_HOST_KIND];

export const EMBEDDED_LAB_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['devices'],
  properties: {
    timeScale: { type: 'number', exclusiveMinimum: 0 },
    defects: { type: 'array', items: { type: 'string', minLength: 1 } },
    devices: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_-]*$' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['kind'],
        properties: {
          kind: { type: 'string', enum: EMBEDDED_KINDS },
          profile: { type: 'string', minLength: 1, description: 'ft: an emulator profile; cluster: a cluster config (default: the shipped default cluster).' },
          defects: { type: 'array', items: { type: 'string', minLength: 1 } },
          scenarios: { type: 'array', items: { type: 'string', minLength: 1 } },
          tags: { type: 'array', items: { type: 'string' } },
          memberPrefix: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]*$', description: 'cluster: prefix of its member names, its MACs and WWPNs its own (a second copy of a cluster config in one lab).' },
          manager: {
            description: 'cluster: its failover manager (default: the reference manager with its default config); false for none.',
            oneOf: [
              { const: false },
              {
                type: 'object',
                additionalProperties: false,
                properties: {
                  name: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]*$' },
                  config: { type: 'string', minLength: 1 },
                  defects: { type: 'array', items: { type: 'string', enum: [...MANAGER_DEFECT_NAMES] } },
                },
              },
            ],
          },
        },
      },
    },
  },
};

export interface EmbeddedLabConfig {
  timeScale?: number;
  defects: string[];
  devices: EmbeddedDeviceSpec[];
}

export function loadEmbeddedLabConfig(file: string): EmbeddedLabConfig {
  const src = YamlSource.read(file);
  checkSchema(src, EMBEDDED_LAB_SCHEMA);
  const raw = src.data as { timeScale?: number; defects?: string[]; devices: Record<string, Omit<EmbeddedDeviceSpec, 'name'>> };
  return {
    ...(raw.timeScale !== undefined ? { timeScale: raw.timeScale } : {}),
    defects: raw.defects ?? [],
    devices: Object.entries(raw.devices).map(([name, d]) => ({ name, ...d })),
  };
}
