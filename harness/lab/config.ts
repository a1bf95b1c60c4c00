/** `ftlab lab up --config FILE`: which emulated devices the embedded lab starts. */
import { checkSchema } from '../config/schema-check.ts';
import { YamlSource } from '../config/yaml-file.ts';
import { deviceKindNames } from '../inventory/kinds.ts';
import type { EmbeddedDeviceSpec } from './embedded.ts';

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
          kind: { type: 'string', enum: deviceKindNames() },
          profile: { type: 'string', minLength: 1 },
          defects: { type: 'array', items: { type: 'string', minLength: 1 } },
          scenarios: { type: 'array', items: { type: 'string', minLength: 1 } },
          tags: { type: 'array', items: { type: 'string' } },
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
