/**
 * VLANs of an Ethernet switch: read every port's VLANs and the VLAN table; change one port's
 * untagged (access/native) VLAN or its tagged (trunk) membership. Each write is read back and
 * resolves with the port as the switch then shows it.
 */
import type { PortVlanView, SwitchVlansView } from '../../lib/domains/cluster/lan.ts';
import type { WriteOptions } from './cluster-errors.ts';

export type { PortVlanView, SwitchVlansView, VlanTableEntry } from '../../lib/domains/cluster/lan.ts';

export interface VlanControl {
  readonly kind: 'VlanControl';
  read(signal?: AbortSignal): Promise<SwitchVlansView>;
  setUntaggedVlan(port: string, vlan: number, opts?: WriteOptions): Promise<PortVlanView>;
  addTaggedVlan(port: string, vlan: number, opts?: WriteOptions): Promise<PortVlanView>;
  removeTaggedVlan(port: string, vlan: number, opts?: WriteOptions): Promise<PortVlanView>;
}
