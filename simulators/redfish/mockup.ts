import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Clock, Timer } from '../../lib/clock.ts';
import { ConfigError, errorMessage } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';
import { baseError } from './errors.ts';
import { resourceTypeName } from './events/bus.ts';
import { RedfishService } from './service.ts';
import type { Account, JsonObject, PropertySpec, PropertySpecs } from './types.ts';
import { isPlainObject } from './validate.ts';

/** Resources of a DMTF-format mockup: URI path → body. */
export type Mockup = Map<string, JsonObject>;

/**
 * Read a mockup directory: one `index.json` per resource. The root is `DIR/redfish/v1` when that
 * exists, else `DIR` itself (the two layouts DMTF's Redfish-Mockup-Server accepts).
 */
export function loadMockup(dir: string): Mockup {
  const root = mockupRoot(dir);
  const out: Mockup = new Map();
  const walk = (abs: string, uri: string): void => {
    const file = path.join(abs, 'index.json');
    if (existsSync(file)) {
      let body: unknown;
      try {
        body = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new ConfigError(file, `expected valid JSON (${errorMessage(e)})`, { cause: e });
      }
      if (!isPlainObject(body)) throw new ConfigError(file, 'expected a JSON object');
      // Mockup files carry DMTF's copyright annotation; a live service must not serve it.
      delete body['@Redfish.Copyright'];
      out.set(uri, body);
    }
    for (const d of readdirSync(abs, { withFileTypes: true })) {
      if (d.isDirectory()) walk(path.join(abs, d.name), `${uri}/${d.name}`);
    }
  };
  walk(root, '/redfish/v1');
  return out;
}

/** The directory of the mockup's service root: `DIR/redfish/v1` when that has an index.json, else `DIR`. */
export function mockupRoot(dir: string): string {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ConfigError(dir, 'expected a mockup directory');
  const nested = path.join(dir, 'redfish', 'v1');
  const root = existsSync(path.join(nested, 'index.json')) ? nested : dir;
  if (!existsSync(path.join(root, 'index.json'))) {
    throw new ConfigError(dir, 'expected a DMTF mockup: index.json at DIR/redfish/v1/ or at DIR/ (the service root)');
  }
  return root;
}

/** Resources the core serves itself; the mockup's versions are not used. */
const CORE_OWNED = ['/redfish/v1/odata', '/redfish/v1/$metadata', '/redfish/v1/SessionService', '/redfish/v1/AccountService', '/redfish/v1/EventService', '/redfish/v1/TaskService', '/redfish/v1/Registries'];

const LED: PropertySpec = { type: 'string', enum: ['Lit', 'Blinking', 'Off'] };
const BOOT_TARGETS = ['None', 'Pxe', 'Floppy', 'Cd', 'Usb', 'Hdd', 'BiosSetup', 'Utilities', 'Diags', 'UefiShell', 'UefiTarget', 'SDCard', 'UefiHttp', 'RemoteDrive', 'UefiBootNext'];

/** Known-writable properties by resource type (applied only where the mockup has the property). */
function writableTable(type: string, body: JsonObject): PropertySpecs {
  const common: PropertySpecs = { AssetTag: { type: 'string', nullable: true, maxLength: 255 }, IndicatorLED: LED, LocationIndicatorActive: { type: 'boolean' } };
  const boot = isPlainObject(body.Boot) ? body.Boot : {};
  const allowed = (key: string, fallback: readonly string[]): readonly string[] => {
    const a = boot[`${key}@Redfish.AllowableValues`];
    return Array.isArray(a) ? a.map(String) : fallback;
  };
  switch (type) {
    case 'ComputerSystem':
      return {
        ...common,
        HostName: { type: 'string', maxLength: 255 },
        Boot: {
          type: 'object',
          properties: {
            BootSourceOverrideTarget: { type: 'string', enum: allowed('BootSourceOverrideTarget', BOOT_TARGETS) },
            BootSourceOverrideEnabled: { type: 'string', enum: allowed('BootSourceOverrideEnabled', ['Disabled', 'Once', 'Continuous']) },
            BootSourceOverrideMode: { type: 'string', enum: allowed('BootSourceOverrideMode', ['Legacy', 'UEFI']) },
            UefiTargetBootSourceOverride: { type: 'string', nullable: true },
            BootOrder: { type: 'array', items: { type: 'string' } },
          },
        },
      };
    case 'Chassis':
    case 'Drive':
    case 'PCIeDevice':
    case 'Processor':
    case 'Memory':
    case 'Manager':
      return common;
    default:
      return {};
  }
}

function specFromValue(v: unknown): PropertySpec {
  if (typeof v === 'string') return { type: 'string', nullable: true };
  if (typeof v === 'number') return { type: 'number', nullable: true };
  if (typeof v === 'boolean') return { type: 'boolean', nullable: true };
  return { type: 'json' };
}

/** Only the table entries the resource has, plus anything named in @Redfish.WriteableProperties. */
function writableFor(body: JsonObject): PropertySpecs {
  const type = resourceTypeName(String(body['@odata.type'] ?? ''));
  const out: PropertySpecs = {};
  for (const [k, spec] of Object.entries(writableTable(type, body))) {
    if (!Object.hasOwn(body, k)) continue;
    const present = body[k];
    if (spec.type === 'object' && isPlainObject(present)) {
      const props = Object.fromEntries(Object.entries(spec.properties).filter(([p]) => Object.hasOwn(present, p)));
      if (Object.keys(props).length) out[k] = { type: 'object', properties: props };
    } else {
      out[k] = spec;
    }
  }
  const extra = body['@Redfish.WriteableProperties'];
  if (Array.isArray(extra)) for (const name of extra) if (typeof name === 'string' && !out[name]) out[name] = specFromValue(body[name]);
  return out;
}

function deepMerge(target: JsonObject, changes: JsonObject): void {
  for (const [k, v] of Object.entries(changes)) {
    const current = target[k];
    if (isPlainObject(v) && isPlainObject(current)) deepMerge(current, v);
    else target[k] = v;
  }
}

const RESET_TYPES = ['On', 'ForceOff', 'GracefulShutdown', 'GracefulRestart', 'ForceRestart', 'Nmi', 'ForceOn', 'PushPowerButton', 'PowerCycle'];

export interface MockupServiceOptions {
  dir: string;
  clock: Clock;
  accounts: Account[];
  /** Time each PoweringOn/PoweringOff phase takes (clock time). */
  powerDelayMs?: number;
  logger?: Logger;
}

/** A mockup served with live behaviour: auth, ETags, PATCH, Reset with power transitions, events. */
export class MockupService {
  readonly service: RedfishService;
  readonly state: Mockup;
  private readonly timers = new Set<Timer>();
  private readonly powerDelayMs: number;

  constructor(opts: MockupServiceOptions) {
    this.state = loadMockup(opts.dir);
    this.powerDelayMs = opts.powerDelayMs ?? 3000;
    const root = this.state.get('/redfish/v1') ?? {};
    this.service = new RedfishService({
      clock: opts.clock,
      accounts: opts.accounts,
      product: typeof root.Product === 'string' ? root.Product : 'Redfish mockup',
      vendor: typeof root.Vendor === 'string' ? root.Vendor : 'ftlab',
      ...(typeof root.UUID === 'string' ? { uuid: root.UUID } : {}),
      ...(opts.logger ? { logger: opts.logger } : {}),
      serviceRootExtras: () => (isPlainObject(root.Oem) ? { Oem: root.Oem } : {}),
    });
    const svc = this.service;
    // The mockup's own CSDL document describes its resources better than the generated one.
    const metadataFile = path.join(mockupRoot(opts.dir), '$metadata', 'index.xml');
    if (existsSync(metadataFile)) {
      const xml = Buffer.from(readFileSync(metadataFile));
      svc.route('/redfish/v1/$metadata', {
        methods: ['GET', 'HEAD'],
        public: true,
        handler: (_req, res, ctx) => {
          res.writeHead(200, { 'Content-Type': 'application/xml;charset=utf-8', 'Content-Length': String(xml.length), 'OData-Version': '4.0' });
          res.end(ctx.method === 'HEAD' ? undefined : xml);
        },
      });
    }
    const resources = [...this.state].filter(([p]) => p !== '/redfish/v1' && !CORE_OWNED.some((c) => p === c || p.startsWith(`${c}/`)));
    for (const [p, body] of resources) {
      const writable = writableFor(body);
      svc.resource(p, {
        type: '',
        get: () => body,
        ...(Object.keys(writable).length
          ? {
              patch: {
                writable,
                apply: (changes: JsonObject) => {
                  deepMerge(body, changes);
                  svc.events.emit({ MessageId: 'ResourceEvent.1.4.ResourceChanged', OriginOfCondition: p });
                },
              },
            }
          : {}),
      });
    }
    for (const [p, body] of resources) {
      const actions = isPlainObject(body.Actions) ? body.Actions : undefined;
      const resetAction = actions?.['#ComputerSystem.Reset'];
      const reset = isPlainObject(resetAction) ? resetAction : undefined;
      if (resourceTypeName(String(body['@odata.type'] ?? '')) !== 'ComputerSystem' || !reset || !actions) continue;
      const listed = reset['ResetType@Redfish.AllowableValues'];
      const allowable = Array.isArray(listed) ? listed.map(String).filter((v) => RESET_TYPES.includes(v)) : RESET_TYPES;
      delete actions['#ComputerSystem.Reset'];
      svc.action(p, '#ComputerSystem.Reset', {
        ...(typeof reset.target === 'string' ? { target: reset.target } : {}),
        parameters: { ResetType: { type: 'string', allowable, required: true } },
        handler: (params) => this.reset(p, body, params.ResetType as string),
      });
    }
  }

  private after(ms: number, fn: () => void): void {
    const t = this.service.clock.setTimer(ms, () => {
      this.timers.delete(t);
      fn();
    });
    this.timers.add(t);
  }

  private setPower(p: string, body: JsonObject, state: 'On' | 'Off' | 'PoweringOn' | 'PoweringOff'): void {
    body.PowerState = state;
    const key = { On: 'ResourcePoweredOn', Off: 'ResourcePoweredOff', PoweringOn: 'ResourcePoweringOn', PoweringOff: 'ResourcePoweringOff' }[state];
    this.service.events.emit({ MessageId: `ResourceEvent.1.4.${key}`, MessageArgs: [p], OriginOfCondition: p });
  }

  private powerOn(p: string, body: JsonObject, then?: () => void): void {
    this.setPower(p, body, 'PoweringOn');
    this.after(this.powerDelayMs, () => {
      this.setPower(p, body, 'On');
      then?.();
    });
  }

  private powerOff(p: string, body: JsonObject, then?: () => void): void {
    this.setPower(p, body, 'PoweringOff');
    this.after(this.powerDelayMs, () => {
      this.setPower(p, body, 'Off');
      then?.();
    });
  }

  private reset(p: string, body: JsonObject, type: string): void {
    const power = body.PowerState;
    if (power === 'PoweringOn' || power === 'PoweringOff') throw baseError(409, 'ResourceInUse');
    const on = power !== 'Off';
    switch (type) {
      case 'On':
      case 'ForceOn':
        if (!on) this.powerOn(p, body);
        return;
      case 'ForceOff':
      case 'GracefulShutdown':
        if (on) this.powerOff(p, body);
        return;
      case 'PushPowerButton':
        if (on) this.powerOff(p, body);
        else this.powerOn(p, body);
        return;
      case 'ForceRestart':
      case 'GracefulRestart':
        if (!on) throw baseError(409, 'ResourceInStandby');
        this.powerOff(p, body, () => this.powerOn(p, body));
        return;
      case 'PowerCycle':
        if (on) this.powerOff(p, body, () => this.powerOn(p, body));
        else this.powerOn(p, body);
        return;
      default: // Nmi: nothing observable in a mockup
        return;
    }
  }

  async close(): Promise<void> {
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    await this.service.close();
  }
}
