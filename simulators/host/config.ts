/**
 * The lab-host config: which devices one emulator process runs. From a file (YAML or JSON):
 *
 *   timeScale: 10                 # optional; --time-scale wins
 *   defects: [blackout-overrun]   # every device
 *   ipmi: true                    # serve IPMI beside Redfish (default true)
 *   devices:
 *     ft0: { kind: ft }
 *     ft1: { kind: ft, profile: ../profiles/ft-hypervisor.yaml, defects: [...], ipmi: false,
 *            ports: { redfish: 0, ipmi: 0, udp: 0, tcp: 0 } }
 *     cluster2: { kind: cluster, memberPrefix: c2- }   # the default cluster again, names c2-srv01, ...
 *
 * and/or repeated `--device NAME[:PROFILE]` (an ft device). Profiles in a file are relative to
 * the file. Every error is a ConfigError naming the file or option, the key path and the expectation.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter } from 'yaml';
import { ConfigError } from '../../lib/errors.ts';
import { boundedToJS, parseBoundedYaml } from '../../lib/yaml-bounds.ts';
import type { DevicePorts, HostedDeviceSpec } from './device-kind.ts';
import { deviceKind, deviceKindNames } from './kinds.ts';

export const DEVICE_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

export interface HostConfig {
  timeScale?: number;
  defects: string[];
  devices: HostedDeviceSpec[];
}

type Raw = Record<string, unknown>;

function mapping(v: unknown, where: string): Raw {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(where, 'expected a mapping', { found: v });
  return v as Raw;
}

/** `where` names the mapping; a top-level one is `FILE:` (keys then follow a space, not a dot). */
function onlyKeys(o: Raw, where: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) {
    const at = where.endsWith(':') ? `${where} ${k}` : `${where}.${k}`;
    if (!allowed.includes(k)) throw new ConfigError(at, `unknown key (expected one of: ${allowed.join(', ')})`);
  }
}

function strings(v: unknown, where: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string' && x.length > 0)) {
    throw new ConfigError(where, 'expected a list of non-empty strings', { found: v });
  }
  return v;
}

function bool(v: unknown, where: string, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new ConfigError(where, 'expected true or false', { found: v });
  return v;
}

function ports(v: unknown, where: string): DevicePorts {
  if (v === undefined) return {};
  const o = mapping(v, where);
  const keys = ['redfish', 'ipmi', 'udp', 'tcp'] as const;
  onlyKeys(o, where, keys);
  const out: DevicePorts = {};
  for (const k of keys) {
    const p = o[k];
    if (p === undefined) continue;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 65535) throw new ConfigError(`${where}.${k}`, 'expected a port from 0 to 65535 (0 = a free one)', { found: p });
    out[k] = p;
  }
  return out;
}

function kindOf(v: unknown, where: string): string {
  if (typeof v !== 'string' || !deviceKind(v)) throw new ConfigError(where, `expected a device kind, one of: ${deviceKindNames().join(', ')}`, { found: v });
  return v;
}

function deviceFromFile(name: string, v: unknown, file: string, baseDir: string, labIpmi: boolean): HostedDeviceSpec {
  const where = `${file}: devices.${name}`;
  if (!DEVICE_NAME.test(name)) throw new ConfigError(where, `expected a device name matching ${DEVICE_NAME.source}`);
  const o = mapping(v, where);
  onlyKeys(o, where, ['kind', 'profile', 'defects', 'ipmi', 'ports', 'memberPrefix']);
  const spec: HostedDeviceSpec = {
    name,
    kind: kindOf(o.kind, `${where}.kind`),
    defects: strings(o.defects, `${where}.defects`),
    ipmi: bool(o.ipmi, `${where}.ipmi`, labIpmi),
    ports: ports(o.ports, `${where}.ports`),
  };
  if (o.profile !== undefined) {
    if (typeof o.profile !== 'string' || !o.profile) throw new ConfigError(`${where}.profile`, 'expected a profile file name', { found: o.profile });
    spec.profile = path.resolve(baseDir, o.profile);
  }
  if (o.memberPrefix !== undefined) {
    if (typeof o.memberPrefix !== 'string' || !DEVICE_NAME.test(o.memberPrefix)) throw new ConfigError(`${where}.memberPrefix`, `expected a prefix of device names matching ${DEVICE_NAME.source}`, { found: o.memberPrefix });
    spec.memberPrefix = o.memberPrefix;
  }
  return spec;
}

/** Validate a parsed config document; `file` names it in errors and anchors relative profiles. */
export function parseHostConfig(doc: unknown, file: string): HostConfig {
  const top = mapping(doc, file);
  onlyKeys(top, `${file}:`, ['timeScale', 'defects', 'ipmi', 'devices']);
  const out: HostConfig = { defects: strings(top.defects, `${file}: defects`), devices: [] };
  if (top.timeScale !== undefined) {
    if (typeof top.timeScale !== 'number' || !(top.timeScale > 0) || !Number.isFinite(top.timeScale)) {
      throw new ConfigError(`${file}: timeScale`, 'expected a number > 0', { found: top.timeScale });
    }
    out.timeScale = top.timeScale;
  }
  const labIpmi = bool(top.ipmi, `${file}: ipmi`, true);
  const devices = mapping(top.devices, `${file}: devices`);
  const baseDir = path.dirname(path.resolve(file));
  out.devices = Object.entries(devices).map(([name, d]) => deviceFromFile(name, d, file, baseDir, labIpmi));
  if (out.devices.length === 0) throw new ConfigError(`${file}: devices`, 'expected at least one device');
  return out;
}

export function loadHostConfig(file: string): HostConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, 'expected a readable lab-host config file (YAML or JSON)', { cause: e });
  }
  // Bounded like every configuration file (size, nesting, alias expansion): a ConfigError with the place.
  const lines = new LineCounter();
  const parsed = parseBoundedYaml(file, text, lines);
  const first = parsed.errors[0];
  if (first) {
    const pos = lines.linePos(first.pos[0]);
    throw new ConfigError(`${file}:${pos.line}:${pos.col}`, `expected valid YAML or JSON (${first.message.split('\n')[0]})`, { cause: first });
  }
  return parseHostConfig(boundedToJS(file, parsed), file);
}

/** `--device NAME[:PROFILE]`: an ft device (the profile file relative to the working directory). */
export function parseDeviceOption(value: string, ipmi: boolean): HostedDeviceSpec {
  const i = value.indexOf(':');
  const name = i < 0 ? value : value.slice(0, i);
  const profile = i < 0 ? undefined : value.slice(i + 1);
  if (!DEVICE_NAME.test(name)) throw new ConfigError(`--device ${value}`, `expected NAME[:PROFILE] with NAME matching ${DEVICE_NAME.source}`);
  if (profile === '') throw new ConfigError(`--device ${value}`, 'expected a profile file after ":"');
  return { name, kind: 'ft', defects: [], ipmi, ports: {}, ...(profile ? { profile } : {}) };
}

/**
 * The devices of a host: the file's, then the `--device` ones; names unique; lab-wide defects
 * prepended to each device's own; every device checked by its kind before anything starts.
 */
export function combineDevices(fromFile: HostConfig | null, fromOptions: HostedDeviceSpec[], labDefects: string[]): HostedDeviceSpec[] {
  const all = [...(fromFile?.devices ?? []), ...fromOptions];
  if (all.length === 0) throw new ConfigError('ftlab emulate lab', 'expected at least one device: --config FILE or --device NAME[:PROFILE]');
  const seen = new Set<string>();
  return all.map((d) => {
    const where = fromOptions.includes(d) ? `--device ${d.name}` : `devices.${d.name}`;
    if (seen.has(d.name)) throw new ConfigError(where, `expected a unique device name; "${d.name}" is given twice`);
    seen.add(d.name);
    const spec = { ...d, defects: [...new Set([...labDefects, ...d.defects])] };
    deviceKind(d.kind)?.check(spec, where);
    return spec;
  });
}
