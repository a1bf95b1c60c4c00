/** System event logs (Redfish LogServices, IPMI SEL). */
export type LogKind = 'Event' | 'SEL';

export interface LogRecord {
  id: string;
  created: string;
  /** When the event happened (may differ from `created`), ISO 8601 in SUT time. */
  eventTimestamp: string | null;
  messageId: string;
  messageArgs: string[];
  message: string;
  severity: string;
  originOfCondition: string | null;
  /** For SEL records: sensor type / number / event description, when known. */
  sensorType?: string;
  sensorNumber?: number;
  entryCode?: string;
}

export interface LogReader {
  readonly kind: 'LogReader';
  logs(): Promise<LogKind[]>;
  entries(log: LogKind, signal?: AbortSignal): Promise<LogRecord[]>;
  clear(log: LogKind, signal?: AbortSignal): Promise<void>;
}
