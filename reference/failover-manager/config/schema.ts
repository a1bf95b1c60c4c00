/**
 * failover-manager.schema.json, built here. Regenerate: `npx tsx reference/failover-manager/config/write-schema.ts`;
 * schema.test.ts checks the file is current and that the shipped default is valid under it.
 */
import { CLUSTER_FAULT_TYPES, FAULT_ACTIONS, ID_PATTERN, MAX_PARTITION_SERVERS, PRIORITIES } from './types.ts';

type Schema = Record<string, unknown>;

function object(props: Record<string, Schema>, required: readonly string[], description?: string): Schema {
  return { type: 'object', additionalProperties: false, ...(description ? { description } : {}), required: [...required], properties: props };
}

function byId(item: Schema, description: string): Schema {
  return { type: 'object', description, propertyNames: { pattern: ID_PATTERN, description: 'an id of letters, digits, - and _' }, additionalProperties: item };
}

const str: Schema = { type: 'string', minLength: 1 };
const id: Schema = { type: 'string', pattern: ID_PATTERN, description: 'an id of letters, digits, - and _' };
const int = (minimum: number, maximum: number, description: string): Schema => ({ type: 'integer', minimum, maximum, description });
const ms = (description: string): Schema => int(1, 3_600_000, `${description} (milliseconds)`);
const action: Schema = { enum: [...FAULT_ACTIONS] };

const manager = object({
  partitionManager: { oneOf: [id, { type: 'null' }], description: 'the partition manager device in the lab file (null: no partitions composed)' },
  shutdownDeadlineMs: ms('graceful shutdown → off, before ForceOff'),
  dumpWaitDeadlineMs: ms('longest wait while a failed server writes its dump'),
}, ['partitionManager', 'shutdownDeadlineMs', 'dumpWaitDeadlineMs'], 'the manager itself');

const faultActions = object({
  default: { ...action, description: 'for fault types not listed' },
  byType: {
    type: 'object',
    description: `fault type → failover | none; the cluster's BMCs report ${CLUSTER_FAULT_TYPES.join(', ')}`,
    propertyNames: { pattern: ID_PATTERN, description: 'a fault type as the BMC event names it' },
    additionalProperties: action,
  },
}, ['default', 'byType'], 'FO-02: the fault action table');

const policy = object({
  minCpuFrequencyMHz: int(1, 100_000, 'a standby CPU at least this fast (else: the same frequency)'),
  minMemoryGiB: int(1, 1_048_576, 'at least this much memory (else: the same size)'),
  cpuModels: { type: 'array', minItems: 1, uniqueItems: true, items: str, description: 'CPU models allowed, any stepping (else: the same model and stepping)' },
  allowChipsetMismatch: { type: 'boolean', description: 'another chipset is acceptable' },
  allowPartitionMismatch: { type: 'boolean', description: 'another server count is acceptable' },
}, [], 'FO-09: what a standby may differ in when no exact match exists; connectivity never');

const business = object({
  type: str,
  priority: { enum: [...PRIORITIES] },
  volume: { ...id, description: 'its boot volume: the server seeing it runs the business' },
  policy,
}, ['type', 'priority', 'volume']);

const partitionRule = object({
  serverCounts: { type: 'array', minItems: 1, uniqueItems: true, items: int(2, MAX_PARTITION_SERVERS, 'a server count') },
}, ['serverCounts']);

export function buildFailoverSchema(): Schema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://ftlab.dev/schemas/failover-manager.schema.json',
    title: 'ftlab reference failover manager',
    description: 'Fault action table, businesses with priorities and search policies, the partition-configurable table and the manager settings (FO-02, FO-08, FO-09, FO-10).',
    ...object({
      manager,
      faultActions,
      moveLowerPriorityFirst: { type: 'boolean', description: 'FO-10: move a preempted business to an unused server first when one qualifies' },
      businesses: byId(business, 'businesses by name'),
      partitionTable: byId(partitionRule, 'FO-08: hardware kind → server counts it may be composed into'),
    }, ['manager', 'faultActions', 'moveLowerPriorityFirst', 'businesses', 'partitionTable']),
  };
}
