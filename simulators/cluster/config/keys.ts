/**
 * The keys of every mapping of the cluster config. The parser accepts exactly these and the JSON
 * Schema lists exactly these (schema.ts types its property tables by them), so the two cannot drift.
 */
export const KEYS = {
  top: ['name', 'timing', 'hardwareKinds', 'servers', 'ethernetSwitches', 'fabrics', 'arrays', 'businesses', 'partitions'],
  timing: ['powerOnMs', 'fabricLoginMs', 'bootMs', 'shutdownMs', 'dumpMs', 'offMs', 'commitMs'],
  kind: ['manufacturer', 'model', 'chipset', 'cpu', 'memoryGiB', 'nicPorts', 'hbaPorts', 'maxPartitionServers'],
  cpu: ['model', 'stepping', 'frequencyMHz', 'sockets', 'coresPerSocket'],
  server: ['kind', 'nics', 'hbas', 'bootLun'],
  nic: ['id', 'mac', 'switch', 'port'],
  hba: ['id', 'wwpn', 'wwnn', 'fabric', 'port'],
  ethernetSwitch: ['ports', 'vlans', 'portVlans'],
  portVlan: ['mode', 'vlan', 'tagged'],
  fabric: ['switchName', 'domainId', 'ports', 'zones', 'zoneSets', 'activeZoneSet', 'defaultZone'],
  array: ['ports', 'pools', 'volumes', 'hostGroups', 'mappings'],
  arrayPort: ['wwpn', 'fabric', 'port'],
  pool: ['capacityGiB'],
  volume: ['pool', 'capacityGiB', 'naa', 'bootable'],
  mapping: ['volume', 'lun', 'hostGroup'],
  business: ['type', 'priority', 'volume', 'vlan', 'port'],
  partition: ['servers'],
} as const;

export type KeyTable = typeof KEYS;
