/**
 * Finding resources the Redfish way: from the service root through collections and links,
 * never through vendor paths. Results that cannot change while a service runs (which systems,
 * which chassis are modules, where the logs are) are cached per instance.
 */
import type { RedfishClient } from './client.ts';
import { ConfigError } from '../../lib/errors.ts';
import { RedfishProtocolError } from './errors.ts';
import { optLink, optString } from './json.ts';
import {
  type ChassisView,
  type LogServiceView,
  type ServiceRootView,
  type SystemView,
  parseChassis,
  parseLogService,
  parseServiceRoot,
  parseSystem,
} from './views.ts';

type Sig = { signal?: AbortSignal };

export class RedfishDiscovery {
  private root: ServiceRootView | null = null;
  private systemPaths: string[] | null = null;
  private modulePaths: string[] | null = null;
  private enclosurePath: string | null | undefined;
  private logs = new Map<string, LogServiceView[]>();

  /**
   * `systemId` picks the ComputerSystem the system-level capabilities act on (its `Id`, the last
   * segment of its path); without it, the first member of Systems.
   */
  constructor(
    readonly client: RedfishClient,
    readonly opts: { systemId?: string } = {},
  ) {}

  async serviceRoot(opts: Sig = {}): Promise<ServiceRootView> {
    this.root ??= parseServiceRoot(await this.client.serviceRoot(opts.signal, true));
    return this.root;
  }

  private async need(link: keyof ServiceRootView, what: string, opts: Sig): Promise<string> {
    const root = await this.serviceRoot(opts);
    const v = root[link];
    if (typeof v !== 'string') throw new RedfishProtocolError(root.path, what, 'the service root does not link it');
    return v;
  }

  /** Paths of every ComputerSystem. */
  async systems(opts: Sig = {}): Promise<string[]> {
    this.systemPaths ??= await this.client.members(await this.need('systems', 'Systems', opts), opts);
    return this.systemPaths;
  }

  /** The system this BMC manages: the one named by `systemId`, else the first (on an ft BMC the only) member of Systems. */
  async systemPath(opts: Sig = {}): Promise<string> {
    const systems = await this.systems(opts);
    const wanted = this.opts.systemId;
    if (wanted !== undefined) {
      const found = systems.find((p) => systemIdOf(p) === wanted);
      if (!found) throw new UnknownSystemError(wanted, systems.map(systemIdOf));
      return found;
    }
    const first = systems[0];
    if (!first) throw new RedfishProtocolError(await this.need('systems', 'Systems', opts), 'Members', 'expected at least one ComputerSystem');
    return first;
  }

  async system(opts: Sig = {}): Promise<SystemView> {
    const path = await this.systemPath(opts);
    return parseSystem(await this.client.getJson(path, opts), path);
  }

  async chassis(opts: Sig = {}): Promise<string[]> {
    return this.client.members(await this.need('chassis', 'Chassis', opts), opts);
  }

  async managers(opts: Sig = {}): Promise<string[]> {
    return this.client.members(await this.need('managers', 'Managers', opts), opts);
  }

  /** Module chassis (ChassisType "Module"), ordered by slot then Id, read fresh. */
  async moduleChassis(opts: Sig = {}): Promise<ChassisView[]> {
    if (!this.modulePaths) {
      const all = await Promise.all((await this.chassis(opts)).map(async (p) => parseChassis(await this.client.getJson(p, opts), p)));
      const modules = all.filter((c) => c.chassisType === 'Module').sort(bySlot);
      this.modulePaths = modules.map((m) => m.path);
      return modules;
    }
    const fresh = await Promise.all(this.modulePaths.map(async (p) => parseChassis(await this.client.getJson(p, opts), p)));
    return fresh.sort(bySlot);
  }

  /** The chassis that contains the module chassis (their Links.ContainedBy), read fresh; null when they name none. */
  async enclosure(opts: Sig = {}): Promise<ChassisView | null> {
    if (this.enclosurePath === undefined) this.enclosurePath = (await this.moduleChassis(opts)).find((m) => m.containedBy !== null)?.containedBy ?? null;
    return this.enclosurePath === null ? null : parseChassis(await this.client.getJson(this.enclosurePath, opts), this.enclosurePath);
  }

  /** Log services under a resource (default: the system, then every manager). */
  async logServices(ownerPath?: string, opts: Sig = {}): Promise<LogServiceView[]> {
    const owners = ownerPath ? [ownerPath] : [await this.systemPath(opts), ...(await this.managers(opts).catch(() => []))];
    const out: LogServiceView[] = [];
    for (const owner of owners) {
      let cached = this.logs.get(owner);
      if (!cached) {
        const collection = optLink(await this.client.getJson(owner, opts), 'LogServices');
        cached = [];
        if (collection) {
          for (const p of await this.client.members(collection, opts)) cached.push(parseLogService(await this.client.getJson(p, opts), p));
        }
        this.logs.set(owner, cached);
      }
      out.push(...cached);
    }
    return out;
  }

  /** EventService `ServerSentEventUri`, or null when the service offers no SSE. */
  async sseUri(opts: Sig = {}): Promise<string | null> {
    const root = await this.serviceRoot(opts);
    if (!root.eventService) return null;
    const es = await this.client.getJson(root.eventService, opts);
    if (es.ServiceEnabled === false) return null;
    return optString(es, 'ServerSentEventUri');
  }

  /** Service root `Oem.FtLab` (ft emulator), or null. */
  async ftLab(opts: Sig = {}): Promise<ServiceRootView['ftLab']> {
    return (await this.serviceRoot(opts)).ftLab;
  }

  /** Forget cached discovery (after a BMC reset, for instance). */
  invalidate(): void {
    this.root = null;
    this.systemPaths = null;
    this.modulePaths = null;
    this.logs.clear();
  }
}

/** A ComputerSystem's Id as its path ends with it (Redfish: the last segment of the URI). */
export function systemIdOf(path: string): string {
  const last = path.replace(/\/+$/, '').split('/').pop() ?? path;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** A system was asked for by Id and the service has none by that Id (a usage error: exit 2). */
export class UnknownSystemError extends ConfigError {
  constructor(
    readonly systemId: string,
    readonly available: string[],
  ) {
    super('--system', `the Id of one of the service's systems: ${available.join(', ') || '(none)'}`, { found: systemId });
  }
}

function bySlot(a: ChassisView, b: ChassisView): number {
  const sa = a.slot ?? Number.MAX_SAFE_INTEGER;
  const sb = b.slot ?? Number.MAX_SAFE_INTEGER;
  return sa - sb || a.id.localeCompare(b.id, undefined, { numeric: true });
}
