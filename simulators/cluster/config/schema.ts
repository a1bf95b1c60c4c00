/**
 * cluster.schema.json, built from the key tables (keys.ts) and the patterns and enums of types.ts.
 * Each object's properties are typed by its key list, so a key the parser accepts and the schema
 * lacks (or the reverse) does not compile. Regenerate: `npx tsx simulators/cluster/config/write-schema.ts`;
 * schema.test.ts checks the file is up to date and that schema and parser agree on the examples.
 */
import { KEYS } from './keys.ts';
import { DEFAULT_ZONES, ID_PATTERN, LUN_MAX, MAC_PATTERN, NAA_PATTERN, PORT_MODES, PRIORITIES, VLAN_MAX, VLAN_MIN, WWPN_PATTERN } from './types.ts';

type Schema = Record<string, unknown>;

function object<K extends readonly string[]>(keys: K, props: Record<K[number], Schema>, required: ReadonlyArray<K[number]>, description?: string): Schema {
  return { type: 'object', additionalProperties: false, ...(description ? { description } : {}), required: [...required], properties: props };
}

function byId(item: Schema, description: string): Schema {
  return { type: 'object', description, propertyNames: { pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$' }, additionalProperties: item };
}

const str: Schema = { type: 'string', minLength: 1 };
const id: Schema = { type: 'string', pattern: ID_PATTERN, description: 'an id of letters, digits, - and _ starting with a letter' };
const int = (minimum: number, maximum?: number, description?: string): Schema => ({ type: 'integer', minimum, ...(maximum !== undefined ? { maximum } : {}), ...(description ? { description } : {}) });
const wwpn: Schema = { type: 'string', pattern: WWPN_PATTERN, description: 'a WWPN like 21:00:00:24:ff:30:14:c5 (8 lower-case hex pairs)' };
const vlan = int(VLAN_MIN, VLAN_MAX, 'a VLAN id');
const port: Schema = { oneOf: [int(0), { type: 'string', pattern: '^\\d+$' }], description: 'a switch port number' };
const ms = int(0, undefined, 'SUT milliseconds');
/** 1 to 4094 as a property name. */
const VLAN_KEY = `^(?:[1-9]\\d{0,2}|[1-3]\\d{3}|40[0-8]\\d|409[0-4])$`;

const timing = object(KEYS.timing, {
  powerOnMs: { ...ms, description: 'power applied → firmware running' },
  fabricLoginMs: { ...ms, description: 'HBA link up → fabric login complete' },
  bootMs: { ...ms, description: 'boot volume found → OS up and the business answering' },
  shutdownMs: { ...ms, description: 'GracefulShutdown → off (after any dump in progress)' },
  dumpMs: { ...ms, description: 'length of a dump in progress' },
  offMs: { ...ms, description: 'off time of PowerCycle and ForceRestart' },
  commitMs: { ...ms, description: 'array and switch commits' },
}, KEYS.timing);

const kind = object(KEYS.kind, {
  manufacturer: str,
  model: str,
  chipset: str,
  cpu: object(KEYS.cpu, { model: str, stepping: str, frequencyMHz: int(1), sockets: int(1), coresPerSocket: int(1) }, KEYS.cpu),
  memoryGiB: int(1),
  nicPorts: int(1, 16),
  hbaPorts: int(1, 16),
  maxPartitionServers: int(1, 16, 'largest logical server of this kind (default 1: not partition-capable)'),
}, ['manufacturer', 'model', 'chipset', 'cpu', 'memoryGiB', 'nicPorts', 'hbaPorts']);

const server = object(KEYS.server, {
  kind: id,
  nics: { type: 'array', items: object(KEYS.nic, { id, mac: { type: 'string', pattern: MAC_PATTERN, description: 'a unicast MAC like 02:f7:1a:00:01:00' }, switch: id, port }, KEYS.nic) },
  hbas: { type: 'array', items: object(KEYS.hba, { id, wwpn, wwnn: wwpn, fabric: id, port }, KEYS.hba) },
  bootLun: int(0, LUN_MAX),
}, ['kind', 'nics', 'hbas']);

const ethernetSwitch = object(KEYS.ethernetSwitch, {
  ports: int(1, 1024),
  vlans: { type: 'object', propertyNames: { pattern: VLAN_KEY }, additionalProperties: str, description: 'VLAN table: id (1 to 4094) → name' },
  portVlans: {
    type: 'object',
    propertyNames: { pattern: '^\\d+$' },
    description: 'port → VLANs; unlisted ports are access ports in VLAN 1',
    additionalProperties: object(KEYS.portVlan, { mode: { enum: [...PORT_MODES] }, vlan: { ...vlan, description: 'access VLAN, or the native VLAN of a trunk' }, tagged: { type: 'array', items: vlan } }, ['mode']),
  },
}, ['ports', 'vlans']);

const fabric = object(KEYS.fabric, {
  switchName: id,
  domainId: int(1, 239),
  ports: int(1, 1024),
  zones: byId({ type: 'array', items: wwpn }, 'zone → member WWPNs'),
  zoneSets: byId({ type: 'array', items: id }, 'zone set → zones'),
  activeZoneSet: { oneOf: [id, { type: 'null' }] },
  defaultZone: { enum: [...DEFAULT_ZONES], description: 'access for devices in no zone of the active set (default deny)' },
}, ['switchName', 'domainId', 'ports']);

const diskArray = object(KEYS.array, {
  ports: byId(object(KEYS.arrayPort, { wwpn, fabric: id, port }, KEYS.arrayPort), 'target ports'),
  pools: byId(object(KEYS.pool, { capacityGiB: int(1) }, KEYS.pool), 'storage pools'),
  volumes: byId(object(KEYS.volume, { pool: id, capacityGiB: int(1), naa: { type: 'string', pattern: NAA_PATTERN, description: 'an NAA type 6 identifier' }, bootable: { type: 'boolean' } }, ['pool', 'capacityGiB', 'naa']), 'volumes (ids unique across arrays)'),
  hostGroups: byId({ type: 'array', items: wwpn }, 'host group → initiator WWPNs'),
  mappings: { type: 'array', description: 'LUN masking', items: object(KEYS.mapping, { volume: id, lun: int(0, LUN_MAX), hostGroup: id }, KEYS.mapping) },
}, ['ports', 'pools']);

const business = object(KEYS.business, {
  type: str,
  priority: { enum: [...PRIORITIES] },
  volume: id,
  vlan,
  port: int(0, 65535, 'loopback UDP+TCP port (0 = a free one)'),
}, ['type', 'priority', 'volume', 'vlan']);

export function buildClusterSchema(): Schema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://ftlab.dev/schemas/cluster.schema.json',
    title: 'ftlab SAN-boot cluster',
    description: 'Servers, hardware kinds, cabling, VLANs, zoning, volumes, LUN masking, businesses and partitions of an emulated cluster. See simulators/cluster/README.md.',
    ...object(KEYS.top, {
      name: str,
      timing,
      hardwareKinds: byId(kind, 'hardware kinds'),
      servers: byId(server, 'physical servers'),
      ethernetSwitches: byId(ethernetSwitch, 'Ethernet switches'),
      fabrics: byId(fabric, 'FC fabrics, one switch each'),
      arrays: byId(diskArray, 'disk arrays'),
      businesses: byId(business, 'businesses, each booting from its own volume'),
      partitions: byId(object(KEYS.partition, { servers: { type: 'array', minItems: 2, items: id } }, KEYS.partition), 'logical servers of same-hardware servers'),
    }, ['name', 'timing', 'hardwareKinds', 'servers', 'ethernetSwitches', 'fabrics', 'arrays']),
  };
}
