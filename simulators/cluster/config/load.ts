/**
 * Load a cluster config: bounded YAML (lib/yaml-bounds.ts), structure (parse.ts), then
 * cross-references (check.ts). Nothing is returned unless all of it holds.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../../lib/errors.ts';
import { parseYamlText } from '../../../lib/yaml-locate.ts';
import { checkReferences } from './check.ts';
import { parseStructure } from './parse.ts';
import { Reader } from './reader.ts';
import type { ClusterConfig } from './types.ts';

export const DEFAULT_CLUSTER_CONFIG = new URL('../cluster-default.yaml', import.meta.url).pathname;

/** Validate an already-parsed document (`reader` locates errors; without a document, no lines). */
export function parseClusterConfig(doc: unknown, reader: Reader): ClusterConfig {
  const config = parseStructure(doc, reader);
  checkReferences(config, reader);
  return config;
}

export function parseClusterConfigText(text: string, file: string): ClusterConfig {
  const { doc, lines, data } = parseYamlText(file, text);
  return parseClusterConfig(data, new Reader(file, doc, lines));
}

export function loadClusterConfig(file: string = DEFAULT_CLUSTER_CONFIG): ClusterConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, 'expected a readable cluster config file', { cause: e });
  }
  return parseClusterConfigText(text, file);
}
