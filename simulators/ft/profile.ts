/**
 * The ft-server profile: every model parameter, loaded from YAML and validated. Bad input is a
 * ConfigError naming the file, the key path and what was expected; nothing is half-applied.
 * Durations are SUT milliseconds unless the key says otherwise.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError } from '../../lib/errors.ts';
import { FAULT_POLICIES, type FaultPolicy, type ModuleIndex } from './types.ts';

export type PcieDeviceKind = 'Ethernet' | 'SAS' | 'FibreChannel' | 'Video' | 'USB' | 'Serial' | 'Other';
export const PCIE_DEVICE_KINDS: readonly PcieDeviceKind[] = ['Ethernet', 'SAS', 'FibreChannel', 'Video', 'USB', 'Serial', 'Other'];

export interface PcieDeviceSpec {
  /** Redfish Id, e.g. M0-NIC0. NICs and HBAs double as IO team members. */
  id: string;
  module: ModuleIndex;
  kind: PcieDeviceKind;
  name: string;
  /** FT-06: whether its driver handles surprise removal (else a fatal error crashes the system). */
  surpriseRemovalSupported: boolean;
}

export interface FtProfile {
  name: string;
  description: string;
  system: {
    manufacturer: string;
    model: string;
    /** OS-visible memory (one module's worth), GiB. */
    memoryGiB: number;
    /** FT-09: whole memory copied in blackout. */
    hypervisorMode: boolean;
    processorsPerModule: number;
    coresPerProcessor: number;
    threadsPerCore: number;
    processorModel: string;
    dimmsPerModule: number;
  };
  resync: {
    /** Data-mover copy bandwidth between modules, MiB/s. */
    copyBandwidthMiBps: number;
    /** Rate at which the running workload dirties already-copied memory, MiB/s. */
    dirtyRateMiBps: number;
    /** Brownout stops once the dirty residual is at or below this, MiB. */
    stopThresholdMiB: number;
    maxBrownoutPasses: number;
    /** CPU context + cache flush and copy + synchronised reset, part of every blackout. */
    contextCopyMs: number;
    /** Diagnostics of a joining/isolated subsystem before re-integration. */
    diagnosticsMs: number;
  };
  faults: {
    /** From the error to the isolation of the subsystem. */
    detectionLatencyMs: number;
    errorWindowSeconds: number;
    /** More than this many errors inside the window keeps the module out (FT-11). */
    errorThreshold: number;
    faultPolicy: FaultPolicy;
  };
  io: {
    nicFailoverMs: number;
    storageFailoverMs: number;
    pcieDevices: PcieDeviceSpec[];
  };
  power: {
    bootMs: number;
    shutdownMs: number;
  };
}

type Raw = Record<string, unknown>;

class ProfileReader {
  constructor(private readonly file: string) {}

  where(path: string): string {
    return `${this.file}: ${path}`;
  }

  obj(v: unknown, path: string): Raw {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(this.where(path), 'expected a mapping', { found: v });
    return v as Raw;
  }

  noExtra(o: Raw, path: string, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) throw new ConfigError(this.where(path ? `${path}.${k}` : k), `unknown key; expected one of: ${allowed.join(', ')}`);
    }
  }

  str(o: Raw, key: string, path: string, fallback?: string): string {
    const v = o[key];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'string' || v.length === 0) throw new ConfigError(this.where(`${path}.${key}`), 'expected a non-empty string', { found: v });
    return v;
  }

  num(o: Raw, key: string, path: string, c: { min?: number; integer?: boolean; positive?: boolean } = {}): number {
    const v = o[key];
    const ok =
      typeof v === 'number' &&
      Number.isFinite(v) &&
      (!c.integer || Number.isInteger(v)) &&
      (c.min === undefined || v >= c.min) &&
      (!c.positive || v > 0);
    if (!ok) {
      const what = `${c.integer ? 'an integer' : 'a number'}${c.positive ? ' > 0' : c.min !== undefined ? ` >= ${c.min}` : ''}`;
      throw new ConfigError(this.where(`${path}.${key}`), `expected ${what}`, { found: v });
    }
    return v as number;
  }

  bool(o: Raw, key: string, path: string): boolean {
    const v = o[key];
    if (typeof v !== 'boolean') throw new ConfigError(this.where(`${path}.${key}`), 'expected true or false', { found: v });
    return v;
  }

  oneOf<T extends string>(o: Raw, key: string, path: string, allowed: readonly T[]): T {
    const v = o[key];
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      throw new ConfigError(this.where(`${path}.${key}`), `expected one of: ${allowed.join(', ')}`, { found: v });
    }
    return v as T;
  }
}

/** Validate an already-parsed profile document. `file` names it in errors. */
export function parseProfile(doc: unknown, file: string): FtProfile {
  const r = new ProfileReader(file);
  const root = r.obj(doc, '(top level)');
  r.noExtra(root, '', ['name', 'description', 'system', 'resync', 'faults', 'io', 'power']);
  const sys = r.obj(root.system, 'system');
  r.noExtra(sys, 'system', [
    'manufacturer',
    'model',
    'memoryGiB',
    'hypervisorMode',
    'processorsPerModule',
    'coresPerProcessor',
    'threadsPerCore',
    'processorModel',
    'dimmsPerModule',
  ]);
  const rs = r.obj(root.resync, 'resync');
  r.noExtra(rs, 'resync', ['copyBandwidthMiBps', 'dirtyRateMiBps', 'stopThresholdMiB', 'maxBrownoutPasses', 'contextCopyMs', 'diagnosticsMs']);
  const f = r.obj(root.faults, 'faults');
  r.noExtra(f, 'faults', ['detectionLatencyMs', 'errorWindowSeconds', 'errorThreshold', 'faultPolicy']);
  const io = r.obj(root.io, 'io');
  r.noExtra(io, 'io', ['nicFailoverMs', 'storageFailoverMs', 'pcieDevices']);
  const pw = r.obj(root.power, 'power');
  r.noExtra(pw, 'power', ['bootMs', 'shutdownMs']);

  if (!Array.isArray(io.pcieDevices) || io.pcieDevices.length === 0) {
    throw new ConfigError(r.where('io.pcieDevices'), 'expected a non-empty list of devices', { found: io.pcieDevices });
  }
  const seen = new Set<string>();
  const devices = io.pcieDevices.map((d: unknown, i: number): PcieDeviceSpec => {
    const p = `io.pcieDevices[${i}]`;
    const o = r.obj(d, p);
    r.noExtra(o, p, ['id', 'module', 'kind', 'name', 'surpriseRemovalSupported']);
    const id = r.str(o, 'id', p);
    if (!/^M[01]-[A-Za-z0-9]+$/.test(id)) throw new ConfigError(r.where(`${p}.id`), 'expected an Id like M0-NIC0 (M<module>-<name>)', { found: id });
    if (seen.has(id)) throw new ConfigError(r.where(`${p}.id`), 'expected a unique device Id', { found: id });
    seen.add(id);
    const module = r.num(o, 'module', p, { integer: true, min: 0 });
    if (module > 1) throw new ConfigError(r.where(`${p}.module`), 'expected 0 or 1', { found: module });
    if (id[1] !== String(module)) throw new ConfigError(r.where(`${p}.id`), `expected the Id to start with M${module}- to match module ${module}`, { found: id });
    return {
      id,
      module: module === 0 ? 0 : 1,
      kind: r.oneOf(o, 'kind', p, PCIE_DEVICE_KINDS),
      name: r.str(o, 'name', p),
      surpriseRemovalSupported: r.bool(o, 'surpriseRemovalSupported', p),
    };
  });
  for (const m of [0, 1] as const) {
    for (const kind of ['Ethernet', 'SAS'] as const) {
      if (!devices.some((d) => d.module === m && d.kind === kind && d.id === `M${m}-${kind === 'Ethernet' ? 'NIC0' : 'HBA0'}`)) {
        throw new ConfigError(
          r.where('io.pcieDevices'),
          `expected a ${kind} device with Id M${m}-${kind === 'Ethernet' ? 'NIC0' : 'HBA0'} on module ${m} (member of the ${kind === 'Ethernet' ? 'NIC team bond0' : 'storage multipath set'})`,
        );
      }
    }
  }

  const profile: FtProfile = {
    name: r.str(root, 'name', '(top level)'),
    description: r.str(root, 'description', '(top level)', ''),
    system: {
      manufacturer: r.str(sys, 'manufacturer', 'system'),
      model: r.str(sys, 'model', 'system'),
      memoryGiB: r.num(sys, 'memoryGiB', 'system', { positive: true }),
      hypervisorMode: r.bool(sys, 'hypervisorMode', 'system'),
      processorsPerModule: r.num(sys, 'processorsPerModule', 'system', { integer: true, min: 1 }),
      coresPerProcessor: r.num(sys, 'coresPerProcessor', 'system', { integer: true, min: 1 }),
      threadsPerCore: r.num(sys, 'threadsPerCore', 'system', { integer: true, min: 1 }),
      processorModel: r.str(sys, 'processorModel', 'system'),
      dimmsPerModule: r.num(sys, 'dimmsPerModule', 'system', { integer: true, min: 1 }),
    },
    resync: {
      copyBandwidthMiBps: r.num(rs, 'copyBandwidthMiBps', 'resync', { positive: true }),
      dirtyRateMiBps: r.num(rs, 'dirtyRateMiBps', 'resync', { min: 0 }),
      stopThresholdMiB: r.num(rs, 'stopThresholdMiB', 'resync', { min: 0 }),
      maxBrownoutPasses: r.num(rs, 'maxBrownoutPasses', 'resync', { integer: true, min: 1 }),
      contextCopyMs: r.num(rs, 'contextCopyMs', 'resync', { min: 0 }),
      diagnosticsMs: r.num(rs, 'diagnosticsMs', 'resync', { min: 0 }),
    },
    faults: {
      detectionLatencyMs: r.num(f, 'detectionLatencyMs', 'faults', { min: 0 }),
      errorWindowSeconds: r.num(f, 'errorWindowSeconds', 'faults', { positive: true }),
      errorThreshold: r.num(f, 'errorThreshold', 'faults', { integer: true, min: 0 }),
      faultPolicy: r.oneOf(f, 'faultPolicy', 'faults', FAULT_POLICIES),
    },
    io: {
      nicFailoverMs: r.num(io, 'nicFailoverMs', 'io', { min: 0 }),
      storageFailoverMs: r.num(io, 'storageFailoverMs', 'io', { min: 0 }),
      pcieDevices: devices,
    },
    power: {
      bootMs: r.num(pw, 'bootMs', 'power', { min: 0 }),
      shutdownMs: r.num(pw, 'shutdownMs', 'power', { min: 0 }),
    },
  };
  if (profile.system.memoryGiB * 1024 < profile.resync.stopThresholdMiB) {
    throw new ConfigError(r.where('resync.stopThresholdMiB'), `expected at most the memory size (${profile.system.memoryGiB * 1024} MiB)`, {
      found: profile.resync.stopThresholdMiB,
    });
  }
  return profile;
}

/** Parse YAML text; syntax errors name the file, line and column. */
export function parseProfileText(text: string, file: string): FtProfile {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const pos = e.linePos?.[0];
      throw new ConfigError(`${file}${pos ? `:${pos.line}:${pos.col}` : ''}`, `expected valid YAML (${e.message.split('\n')[0]})`, { cause: e });
    }
    throw new ConfigError(file, 'expected valid YAML', { cause: e });
  }
  return parseProfile(doc, file);
}

export function loadProfile(file: string): FtProfile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, 'expected a readable profile file', { cause: e });
  }
  return parseProfileText(text, file);
}

/** Path of a profile shipped in profiles/ (e.g. "ft-default"). */
export function shippedProfilePath(name: string): string {
  return new URL(`../../profiles/${name}.yaml`, import.meta.url).pathname;
}

export function loadDefaultProfile(): FtProfile {
  return loadProfile(shippedProfilePath('ft-default'));
}

/** Memory size in MiB (the unit the resync arithmetic uses). */
export function memoryMiB(p: FtProfile): number {
  return p.system.memoryGiB * 1024;
}
