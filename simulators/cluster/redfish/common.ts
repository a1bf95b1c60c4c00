/** What the cluster's Redfish projections share: refs, the refusal mapping, URIs. */
import { RedfishError } from '../../redfish/index.ts';
import { ClusterRejection } from '../model/events.ts';
import { clusterId } from './registry.ts';

export const ref = (id: string): { '@odata.id': string } => ({ '@odata.id': id });

/** A WWPN as a URI segment (colons dropped): 21:00:… → 210000…. */
export const wwpnId = (wwpn: string): string => wwpn.replaceAll(':', '');

/** Model refusals → 404 (NotFound), 400 (BadRequest) or 409, with the model's reason; other errors pass. */
export function rejection(e: unknown): never {
  if (e instanceof ClusterRejection) {
    const status = e.code === 'NotFound' ? 404 : e.code === 'BadRequest' ? 400 : 409;
    throw new RedfishError(status, [{ MessageId: clusterId('RequestRejected'), MessageArgs: [e.message] }], [], { cause: e });
  }
  throw e;
}

/** Run a model request; a refusal becomes its Redfish error. */
export async function modelRequest<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    return rejection(e);
  }
}
