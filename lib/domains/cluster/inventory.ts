/**
 * What a server's management controller says about its hardware: the row of the patent's server
 * management table (CPU, memory, chipset, NICs with their switch ports, HBAs with their fabrics,
 * the array it boots from, the partition it is in). The `ServerInventory` capability produces it.
 */
export interface CpuInventory {
  model: string;
  /** Stepping as the BMC reports it (Redfish `ProcessorId.Step`), e.g. "E5". */
  stepping: string | null;
  /** Rated frequency in MHz (`MaxSpeedMHz`). */
  frequencyMHz: number | null;
  /** Sockets counted. */
  count: number;
  cores: number | null;
}

export interface NicPortInventory {
  adapter: string;
  mac: string;
  linkUp: boolean;
  /** The switch port at the other end of the cable, from LLDP; null when nothing was received. */
  switchPort: { chassisId: string; portId: string } | null;
}

export interface HbaPortInventory {
  adapter: string;
  wwpn: string;
  wwnn: string | null;
  /** The fabric the port logs into (`FibreChannel.FabricName` of its port). */
  fabric: string | null;
  loggedIn: boolean;
  /** Boot targets in priority order: the array ports it boots from and the LUN. */
  bootTargets: Array<{ wwpn: string; lun: string; priority: number }>;
}

export interface PartitionMembership {
  id: string;
  members: string[];
  bootMember: string | null;
}

export interface ServerInventoryView {
  /** The ComputerSystem's URI. */
  uri: string;
  id: string;
  manufacturer: string | null;
  model: string | null;
  /** Hardware kind (OEM), or null where the BMC does not say. */
  hardwareKind: string | null;
  chipset: string | null;
  powerState: string;
  cpu: CpuInventory;
  memoryGiB: number | null;
  nics: NicPortInventory[];
  hbas: HbaPortInventory[];
  /** The array target ports the server boots from (distinct boot-target WWPNs), sorted. */
  arrayTargets: string[];
  partition: PartitionMembership | null;
}
