/**
 * FailoverManagerView over a failover manager's Redfish-style API (`/redfish/v1/Oem/FailoverManager`,
 * as the reference manager serves it): collections are read whole and checked for shape, so a
 * service that answers something else is a protocol error naming the path, never a wrong verdict.
 */
import type { DecisionRecord, FailoverManagerView, ManagementTable, ManagerEvent, ScaleOutRequest, ScaleOutResult } from '../../capabilities/failover-manager.ts';
import type { RedfishClient } from '../client.ts';
import { RedfishProtocolError } from '../errors.ts';
import { isObject, type JsonObject } from '../json.ts';

export const FAILOVER_MANAGER = '/redfish/v1/Oem/FailoverManager';

const sig = (signal?: AbortSignal): { signal?: AbortSignal } => (signal ? { signal } : {});

/** The objects of `body.Members`, each with the keys `required` (a protocol error otherwise). */
function members(body: JsonObject, path: string, required: readonly string[]): JsonObject[] {
  if (!Array.isArray(body.Members)) throw new RedfishProtocolError(path, 'Members', 'expected an array');
  return body.Members.map((m: unknown, i) => {
    if (!isObject(m) || required.some((k) => !(k in m))) throw new RedfishProtocolError(path, `Members[${i}]`, `expected an object with ${required.join(', ')}`);
    return m;
  });
}

export class RedfishFailoverManagerView implements FailoverManagerView {
  readonly kind = 'FailoverManagerView' as const;
  constructor(private readonly client: RedfishClient) {}

  async table(signal?: AbortSignal): Promise<ManagementTable | null> {
    const path = `${FAILOVER_MANAGER}/ManagementTable`;
    const t = (await this.client.getJson(path, sig(signal))).Table;
    if (t === null) return null;
    if (!isObject(t) || !Array.isArray(t.servers)) throw new RedfishProtocolError(path, 'Table', 'expected null or an object with a "servers" array');
    return t as unknown as ManagementTable;
  }

  async decisions(signal?: AbortSignal): Promise<DecisionRecord[]> {
    const path = `${FAILOVER_MANAGER}/Decisions`;
    return members(await this.client.getJson(path, sig(signal)), path, ['id', 'decision', 'state', 'steps']) as unknown as DecisionRecord[];
  }

  async events(signal?: AbortSignal): Promise<ManagerEvent[]> {
    const path = `${FAILOVER_MANAGER}/Events`;
    return members(await this.client.getJson(path, sig(signal)), path, ['id', 'at', 'messageId', 'message']) as unknown as ManagerEvent[];
  }

  async selectScaleOut(request: ScaleOutRequest, signal?: AbortSignal): Promise<ScaleOutResult> {
    const path = `${FAILOVER_MANAGER}/Actions/FailoverManager.SelectScaleOut`;
    const res = await this.client.post(path, request, sig(signal));
    const b = isObject(res.body) ? res.body.Selection : undefined;
    if (!isObject(b) || (b.kind !== 'selected' && b.kind !== 'none')) throw new RedfishProtocolError(path, 'Selection.kind', 'expected "selected" or "none"');
    return b as unknown as ScaleOutResult;
  }

  async timeScale(signal?: AbortSignal): Promise<number> {
    const t = (await this.client.getJson(FAILOVER_MANAGER, sig(signal))).TimeScale;
    if (t === undefined) return 1;
    if (typeof t !== 'number') throw new RedfishProtocolError(FAILOVER_MANAGER, 'TimeScale', 'expected a number');
    return t;
  }
}

/** The view when the service is a failover manager (its root links Oem.FailoverManager), else the reason it is not. */
export async function probeFailoverManager(client: RedfishClient, signal?: AbortSignal): Promise<{ view: FailoverManagerView } | { missing: string }> {
  const root = await client.getJson('/redfish/v1', sig(signal));
  const oem = root.Oem;
  if (!isObject(oem) || !isObject(oem.FailoverManager)) return { missing: 'the service root links no Oem.FailoverManager' };
  return { view: new RedfishFailoverManagerView(client) };
}
