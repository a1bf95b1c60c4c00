/**
 * What the process needs of the decision core (config, management table, search and plan,
 * defect profiles), as an interface: the process is written against it, core-port.ts binds the
 * real core to it, tests of the executor may bind a hand-made one.
 */
import type { Decision, Failure, ManagementTable } from '../plan/types.ts';
import type { LabReadings } from './readings.ts';

/** The core's config and defect set, opaque to the process. */
export type CoreConfig = { readonly __coreConfig?: never } & object;
export type CoreDefects = { readonly __coreDefects?: never } & object;

export interface DecisionCore {
  /** The config file (default: the core's own) read and checked; ConfigError on the first problem. */
  loadConfig(file: string | undefined): CoreConfig;
  /** The config as JSON for the API (maps as objects). */
  configJson(config: CoreConfig): unknown;
  /** The fence's deadlines (ms of lab time). */
  settings(config: CoreConfig): { shutdownMs: number; dumpMs: number };
  /** Every defect profile: name and one line. */
  defects(): ReadonlyArray<{ name: string; description: string }>;
  /** Check defect names (ConfigError listing the known ones). */
  parseDefects(names: readonly string[]): CoreDefects;
  /** `failed`: the servers the manager recorded failed and not repaired since. */
  buildTable(readings: LabReadings, config: CoreConfig, builtAt: string, failed: readonly string[]): ManagementTable;
  decide(table: ManagementTable, config: CoreConfig, failure: Failure, defects: CoreDefects): Decision;
  /** FO-12: the same search without a failure; the request as the API received it (ConfigError when malformed). */
  selectForScaleOut(table: ManagementTable, config: CoreConfig, request: unknown): unknown;
}
