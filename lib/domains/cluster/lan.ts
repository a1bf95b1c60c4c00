/** VLANs of an Ethernet switch as it shows them: per port the untagged (access/native) VLAN and the tagged ones. */
export interface PortVlanView {
  port: string;
  uri: string;
  enabled: boolean | null;
  linkUp: boolean;
  /** The untagged VLAN (access VLAN, or a trunk's native VLAN); null when the port has none. */
  untagged: number | null;
  /** Tagged (trunk) VLANs, ascending. */
  tagged: number[];
  /** MAC addresses learned on the port. */
  learnedMacs: string[];
}

export interface VlanTableEntry {
  id: number;
  name: string | null;
}

export interface SwitchVlansView {
  switch: string;
  ports: PortVlanView[];
  /** The switch's VLAN table, or null when the device does not publish one. */
  vlanTable: VlanTableEntry[] | null;
}
