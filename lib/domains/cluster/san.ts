/**
 * The SAN as its switches and arrays show it: FC zoning (zones, zone sets, the active one, the
 * default zone), fabric logins, and the array's LUN masking (volumes, host groups, connections).
 * WWPNs are in the colon form, lower case (21:00:00:24:ff:00:01:00).
 */
export interface ZoneView {
  id: string;
  uri: string;
  /** Member WWPNs, sorted. */
  members: string[];
  /** ETag of the zone as read (for `ZoneETag`). */
  etag: string | null;
}

export interface ZoneSetView {
  id: string;
  uri: string;
  zones: string[];
  active: boolean;
}

export interface ZoningView {
  fabric: string;
  zones: ZoneView[];
  zoneSets: ZoneSetView[];
  /** The zone set in effect, or null when none is. */
  activeZoneSet: string | null;
  /** Default zone: true = unzoned devices see each other. */
  defaultRouting: boolean | null;
}

export interface FabricLogin {
  wwpn: string;
  /** Switch and port the N_Port logged in through. */
  switch: string;
  port: string;
}

export interface FabricLoginsView {
  fabric: string;
  logins: FabricLogin[];
}

export interface VolumeView {
  id: string;
  uri: string;
  /** NAA identifier (hex digits, no separators). */
  naa: string | null;
  capacityBytes: number | null;
  bootCapable: boolean;
  /** Initiators the array lets reach the volume now (`Links.ClientEndpoints`), sorted; null when not reported. */
  reachableFrom: string[] | null;
}

export interface HostGroupView {
  id: string;
  uri: string;
  initiators: string[];
  etag: string | null;
}

export interface LunEntry {
  volume: string;
  lun: number;
}

export interface ConnectionView {
  id: string;
  uri: string;
  hostGroup: string;
  luns: LunEntry[];
  etag: string | null;
}

export interface LunMappingView {
  array: string;
  volumes: VolumeView[];
  hostGroups: HostGroupView[];
  connections: ConnectionView[];
}

/** Every (volume, LUN, initiator) the masking view grants: the connections joined with their host groups. */
export function maskedPaths(v: LunMappingView): Array<LunEntry & { initiator: string }> {
  const groups = new Map(v.hostGroups.map((g) => [g.id, g.initiators]));
  return v.connections.flatMap((c) => c.luns.flatMap((l) => (groups.get(c.hostGroup) ?? []).map((initiator) => ({ ...l, initiator }))));
}
