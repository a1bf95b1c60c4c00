/**
 * Load the failover manager's config: bounded YAML (lib/yaml-bounds.ts), the JSON Schema, then
 * the cross-checks (parse.ts). The only I/O of the decision core is `loadFailoverConfig`'s read.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../../lib/errors.ts';
import { parseYamlText } from '../../../lib/yaml-locate.ts';
import { parseFailoverConfig } from './parse.ts';
import type { FailoverConfig } from './types.ts';
import { Locator } from './validate.ts';

export const DEFAULT_FAILOVER_CONFIG = new URL('../failover-manager-default.yaml', import.meta.url).pathname;

export function parseFailoverConfigText(text: string, file: string): FailoverConfig {
  const { doc, lines, data } = parseYamlText(file, text);
  return parseFailoverConfig(data, new Locator(file, doc, lines));
}

export function loadFailoverConfig(file: string = DEFAULT_FAILOVER_CONFIG): FailoverConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, 'expected a readable failover manager config file', { cause: e });
  }
  return parseFailoverConfigText(text, file);
}
