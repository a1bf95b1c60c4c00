/**
 * LUN masking of a disk array: volumes (NAA, boot-capable), host groups (initiator WWPNs) and
 * connections (volume + LUN → a host group). Writes are conditional on the ETag read (If-Match)
 * and read back — including which initiators can still reach the volume, so a mapping the array
 * reports deleted but still serves is caught.
 */
import type { ConnectionView, HostGroupView, LunMappingView } from '../../lib/domains/cluster/san.ts';
import type { WriteOptions } from './cluster-errors.ts';

export type { ConnectionView, HostGroupView, LunEntry, LunMappingView, VolumeView } from '../../lib/domains/cluster/san.ts';

export interface LunMapRequest {
  hostGroup: string;
  volume: string;
  lun: number;
}

export interface LunMapping {
  readonly kind: 'LunMapping';
  read(signal?: AbortSignal): Promise<LunMappingView>;
  /** Show `volume` as `lun` to the host group; resolves with the connection as read back. */
  map(req: LunMapRequest, opts?: WriteOptions): Promise<ConnectionView>;
  /** Hide `volume` from the host group (the connection is deleted when it maps nothing else). */
  unmap(req: { hostGroup: string; volume: string }, opts?: WriteOptions): Promise<void>;
  createHostGroup(id: string, initiators: readonly string[], opts?: WriteOptions): Promise<HostGroupView>;
  setHostGroupInitiators(id: string, initiators: readonly string[], opts?: WriteOptions): Promise<HostGroupView>;
  deleteHostGroup(id: string, opts?: WriteOptions): Promise<void>;
}
