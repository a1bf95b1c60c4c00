/**
 * FtLabFaultInjection over the ft emulator's OEM service: found through service root
 * `Oem.FtLab.FaultInjection`; each operation is an action of that resource, posted to the
 * target it advertises, with parameters checked against its AllowableValues / ActionInfo.
 * Parameter forms (a module as 0, "0" or "Module0"; a device as Id or URI) follow what the
 * resource advertises.
 */
import type { ErrorKind, FaultPolicy, FtLabFaultInjection, ModuleIndex, ModuleResetType, Subsystem } from '../../capabilities/ftlab-fault-injection.ts';
import type { RedfishClient } from '../client.ts';
import type { RedfishDiscovery } from '../discovery.ts';
import { findAction } from '../actions.ts';
import { ChangeRefusedError } from '../../capabilities/cluster-errors.ts';
import { RedfishHttpError, RedfishProtocolError } from '../errors.ts';
import { parsePcieDevice } from '../views.ts';

const PREFIX = '#FtLabFaultInjection';

/** The first candidate the action advertises as allowable for `param` (or the first candidate). */
export function pickAllowed(allowable: Record<string, unknown[]>, param: string, candidates: unknown[]): unknown {
  const allowed = allowable[param];
  if (!allowed) return candidates[0];
  return candidates.find((c) => allowed.includes(c)) ?? candidates[0];
}

export class RedfishFtLabFaultInjection implements FtLabFaultInjection {
  readonly kind = 'FtLabFaultInjection' as const;
  constructor(
    private readonly client: RedfishClient,
    private readonly discovery: RedfishDiscovery,
  ) {}

  private async servicePath(signal?: AbortSignal): Promise<string> {
    const ft = await this.discovery.ftLab(signal ? { signal } : {});
    if (!ft?.faultInjection) throw new RedfishProtocolError('/redfish/v1', 'Oem.FtLab.FaultInjection', 'the service root does not link a fault injection service');
    return ft.faultInjection;
  }

  /** Post `<PREFIX>.<name>`; `build` maps the advertised allowable values to the parameters. */
  private async post(name: string, build: (allowable: Record<string, unknown[]>) => Promise<Record<string, unknown>> | Record<string, unknown>, signal?: AbortSignal): Promise<void> {
    const sig = signal ? { signal } : {};
    const path = await this.servicePath(signal);
    const resource = await this.client.getJson(path, sig);
    const action = findAction(resource, path, `${PREFIX}.${name}`);
    await this.client.postAction(path, action.action, await build(action.allowable), sig);
  }

  private async moduleCandidates(module: number, signal?: AbortSignal): Promise<unknown[]> {
    const modules = await this.discovery.moduleChassis(signal ? { signal } : {});
    const path = modules[module]?.path;
    return [module, String(module), `Module${module}`, ...(path ? [path, { '@odata.id': path }] : [])];
  }

  async injectError(p: { module: ModuleIndex; subsystem: Subsystem; kind: ErrorKind; count?: number }, signal?: AbortSignal): Promise<void> {
    await this.post(
      'InjectError',
      async (a) => ({
        Module: pickAllowed(a, 'Module', await this.moduleCandidates(p.module, signal)),
        Subsystem: p.subsystem,
        Kind: p.kind,
        ...(p.count !== undefined ? { Count: p.count } : {}),
      }),
      signal,
    );
  }

  async pullModule(module: ModuleIndex, signal?: AbortSignal): Promise<void> {
    await this.post('PullModule', async (a) => ({ Module: pickAllowed(a, 'Module', await this.moduleCandidates(module, signal)) }), signal);
  }

  async insertModule(module: ModuleIndex, signal?: AbortSignal): Promise<void> {
    await this.post('InsertModule', async (a) => ({ Module: pickAllowed(a, 'Module', await this.moduleCandidates(module, signal)) }), signal);
  }

  async pcieFatalError(device: string, signal?: AbortSignal): Promise<void> {
    const devices = await this.pcieDeviceViews(signal);
    const found = devices.find((d) => d.id === device || d.path === device);
    const candidates = found ? [found.id, found.path] : [device];
    await this.post('PCIeFatalError', (a) => ({ Device: pickAllowed(a, 'Device', candidates) }), signal);
  }

  async setLink(iface: string, linkUp: boolean, signal?: AbortSignal): Promise<void> {
    await this.post('SetLink', (a) => ({ Interface: pickAllowed(a, 'Interface', [iface]), LinkUp: linkUp }), signal);
  }

  private async modulePath(module: ModuleIndex, signal?: AbortSignal): Promise<string> {
    const path = (await this.discovery.moduleChassis(signal ? { signal } : {}))[module]?.path;
    if (!path) throw new RedfishProtocolError('/redfish/v1/Chassis', `Module ${module}`, 'the Chassis collection has no such module chassis');
    return path;
  }

  /** Module chassis Oem action `#FtLabChassis.ClearErrorHistory {Subsystem?}`. */
  async clearErrorHistory(module: ModuleIndex, subsystem?: Subsystem, signal?: AbortSignal): Promise<void> {
    const path = await this.modulePath(module, signal);
    await this.client.postAction(path, '#FtLabChassis.ClearErrorHistory', subsystem ? { Subsystem: subsystem } : {}, signal ? { signal } : {});
  }

  /** Module chassis `#Chassis.Reset {ResetType}`; a 202 names the re-integration's Task monitor; a 400/409 is a ChangeRefusedError. */
  async resetModule(module: ModuleIndex, type: ModuleResetType, signal?: AbortSignal): Promise<{ status: number; task: string | null }> {
    const path = await this.modulePath(module, signal);
    try {
      const r = await this.client.postAction(path, '#Chassis.Reset', { ResetType: type }, signal ? { signal } : {});
      return { status: r.status, task: r.status === 202 ? r.location : null };
    } catch (e) {
      if (e instanceof RedfishHttpError && (e.status === 400 || e.status === 409)) throw new ChangeRefusedError('the BMC', `${path} (Chassis.Reset ${type})`, e.status, e.messageId, e.message, { cause: e });
      throw e;
    }
  }

  /** PATCH of the module chassis `Oem.FtLab.ErrorCounters.<Subsystem>.{WindowSeconds, Threshold}`. */
  async setErrorLimits(module: ModuleIndex, subsystem: Subsystem, limits: { windowSeconds?: number; threshold?: number }, signal?: AbortSignal): Promise<void> {
    const path = await this.modulePath(module, signal);
    const body = {
      ...(limits.windowSeconds !== undefined ? { WindowSeconds: limits.windowSeconds } : {}),
      ...(limits.threshold !== undefined ? { Threshold: limits.threshold } : {}),
    };
    await this.client.getJson(path, signal ? { signal } : {});
    await this.client.patch(path, { Oem: { FtLab: { ErrorCounters: { [subsystem]: body } } } }, signal ? { signal } : {});
  }

  /** PATCH of the module chassis `Oem.FtLab.FaultPolicy`. */
  async setFaultPolicy(module: ModuleIndex, policy: FaultPolicy, signal?: AbortSignal): Promise<void> {
    const path = await this.modulePath(module, signal);
    await this.client.patch(path, { Oem: { FtLab: { FaultPolicy: policy } } }, signal ? { signal } : {});
  }

  private async pcieDeviceViews(signal?: AbortSignal): Promise<Array<{ id: string; path: string; module: number; surpriseRemovalSupported: boolean }>> {
    const sig = signal ? { signal } : {};
    const out: Array<{ id: string; path: string; module: number; surpriseRemovalSupported: boolean }> = [];
    const modules = await this.discovery.moduleChassis(sig);
    for (const [index, m] of modules.entries()) {
      if (!m.pcieDevices) continue;
      for (const p of await this.client.members(m.pcieDevices, sig)) {
        const d = parsePcieDevice(await this.client.getJson(p, sig), p);
        out.push({ id: d.id, path: d.path, module: index, surpriseRemovalSupported: d.surpriseRemovalSupported ?? false });
      }
    }
    return out;
  }

  async pcieDevices(signal?: AbortSignal): Promise<Array<{ id: string; module: number; surpriseRemovalSupported: boolean }>> {
    return (await this.pcieDeviceViews(signal)).map(({ id, module, surpriseRemovalSupported }) => ({ id, module, surpriseRemovalSupported }));
  }
}
