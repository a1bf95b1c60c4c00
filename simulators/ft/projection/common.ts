/** What every resource module of the ft Redfish projection shares: context, refs and status rules. */
import type { JsonObject, ManagerEndpoints, RedfishService, ServedCertificate } from '../../redfish/index.ts';
import type { BootOverride } from '../boot-override.ts';
import { RedfishError, formatTimestamp } from '../../redfish/index.ts';
import type { FtEventPublisher } from '../event-publisher.ts';
import { ModelRejection, type DeviceView, type FtModel, type ModuleView } from '../model.ts';
import { ftlabId } from '../registry.ts';
import type { ModuleIndex } from '../types.ts';

export interface ProjectionContext {
  svc: RedfishService;
  model: FtModel;
  publisher: FtEventPublisher;
  /** The boot override IPMI shares. */
  boot: BootOverride;
  /** The BMC's own endpoints (filled in as they come up) and, with HTTPS, the served certificate. */
  bmc: { endpoints: ManagerEndpoints; certificate?: ServedCertificate };
}

export const ref = (id: string): { '@odata.id': string } => ({ '@odata.id': id });

export const iso = (ms: number | null): string | null => (ms === null ? null : formatTimestamp(ms));

export interface Status {
  State: string;
  Health?: string | null;
  HealthRollup?: string;
  Conditions?: JsonObject[];
}

/** Model refusals → 409 with a message that says why. */
export function rejection(e: unknown): never {
  if (e instanceof ModelRejection) {
    throw new RedfishError(e.code === 'NotFound' ? 404 : 409, [{ MessageId: ftlabId('RequestRejected'), MessageArgs: [e.message] }]);
  }
  throw e;
}

export function moduleStatus(v: ModuleView): Status {
  switch (v.opState) {
    case 'Absent':
      return { State: 'Absent' };
    case 'Disabled':
      return { State: 'Disabled', Health: 'OK' };
    case 'KeptOut':
      return { State: 'UnavailableOffline', Health: 'Critical' };
    case 'Isolated':
      return { State: 'UnavailableOffline', Health: 'Warning' };
    case 'Diagnostics':
      return { State: 'InTest', Health: 'OK' };
    case 'Brownout':
    case 'Blackout':
      return { State: 'Starting', Health: 'OK' };
    case 'Duplex':
    case 'Simplex':
      return { State: 'Enabled', Health: v.subsystems.Io === 'Online' ? 'OK' : 'Warning' };
  }
}

/** A processor or DIMM: its module's state, Critical only when it is the faulty component. */
export function componentStatus(model: FtModel, m: ModuleIndex, id: string): Status {
  const v = model.module(m);
  if (!v.present) return { State: 'Absent' };
  if (v.faultyComponent === id) return { State: 'UnavailableOffline', Health: 'Critical' };
  const s = moduleStatus(v);
  return { State: s.State, Health: s.Health === 'Critical' ? 'OK' : (s.Health ?? 'OK') };
}

export function deviceStatus(d: DeviceView): Status {
  if (!d.present) return { State: 'Absent' };
  if (d.removed) return { State: 'UnavailableOffline', Health: 'Critical' };
  if (d.teamState) return { State: d.teamState === 'Absent' ? 'Absent' : d.teamState, Health: d.usable ? 'OK' : 'Warning' };
  return d.usable ? { State: 'Enabled', Health: 'OK' } : { State: 'UnavailableOffline', Health: 'Warning' };
}

/** A stable, locally administered MAC address for an interface id. */
export function macOf(id: string): string {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) & 0xffffff;
  return `02:46:74:${((h >> 16) & 0xff).toString(16).padStart(2, '0')}:${((h >> 8) & 0xff).toString(16).padStart(2, '0')}:${(h & 0xff).toString(16).padStart(2, '0')}`;
}

/** The model's view of a PCIe device that the profile declares (404 if it ever went missing). */
export function deviceOf(model: FtModel, id: string): DeviceView {
  const d = model.device(id);
  if (!d) throw new RedfishError(404, [{ MessageId: 'Base.1.22.ResourceNotFound', MessageArgs: ['PCIeDevice', id] }]);
  return d;
}

/** Module index from a member id like "M1-NIC0". */
export function moduleOfId(id: string): ModuleIndex {
  return id[1] === '1' ? 1 : 0;
}

/** A parameter the service has already checked against `allowable`, typed (400 if it is not one). */
export function member<T extends string>(allowed: readonly T[], v: unknown, name: string): T {
  const found = allowed.find((a) => a === v);
  if (found === undefined) throw new RedfishError(400, [{ MessageId: 'Base.1.22.ActionParameterValueNotInList', MessageArgs: [String(v), name, ''] }]);
  return found;
}
