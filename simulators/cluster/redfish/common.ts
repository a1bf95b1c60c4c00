/** What the cluster's Redfish projections share: refs, the refusal mapping, URIs. */
import { baseError, type JsonObject, RedfishError } from '../../redfish/index.ts';
import { ClusterRejection } from '../model/events.ts';
import { clusterId } from './registry.ts';

export const ref = (id: string): { '@odata.id': string } => ({ '@odata.id': id });

/** A WWPN as a URI segment (colons dropped): 21:00:… → 210000…. */
export const wwpnId = (wwpn: string): string => wwpn.replaceAll(':', '');

/** The id after `prefix` in `{"@odata.id": prefix + id}`; 400 PropertyValueFormatError naming `prop` otherwise. */
export function refId(v: unknown, prefix: string, prop: string): string {
  const uri = (v as { '@odata.id'?: unknown } | null)?.['@odata.id'];
  if (typeof uri !== 'string' || !uri.startsWith(prefix) || uri.length === prefix.length || uri.slice(prefix.length).includes('/')) {
    throw baseError(400, 'PropertyValueFormatError', [JSON.stringify(v) ?? 'null', prop], [prop]);
  }
  return uri.slice(prefix.length);
}

/** What an FC endpoint of a WWPN says about itself (array view and switch view alike). */
export function fcEndpoint(wwpn: string, role: 'Initiator' | 'Target'): JsonObject {
  const ids = [{ DurableName: wwpn, DurableNameFormat: 'FC_WWN' }];
  return {
    Id: wwpnId(wwpn),
    Name: wwpn,
    EndpointProtocol: 'FC',
    Identifiers: ids,
    ConnectedEntities: [{ EntityType: role === 'Target' ? 'StorageSubsystem' : 'StorageInitiator', EntityRole: role, Identifiers: ids }],
  };
}

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
