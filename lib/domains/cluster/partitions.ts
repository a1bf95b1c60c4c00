/** Logical servers of a partition manager (patent embodiment 2): N same-hardware servers seen as one system. */
export interface LogicalServerView {
  id: string;
  uri: string;
  /** Physical servers, the boot member first. */
  servers: string[];
  powerState: string;
}

export interface PartitionBlockView {
  /** The physical server. */
  server: string;
  uri: string;
  hardwareKind: string | null;
  /** The logical server it is part of, or null when unused. */
  composedInto: string | null;
}

export interface PartitionsView {
  logicalServers: LogicalServerView[];
  blocks: PartitionBlockView[];
}
