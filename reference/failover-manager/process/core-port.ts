/**
 * The one file that imports the decision core (reference/failover-manager/core.ts, branch
 * i12-decide) and binds it to the process's DecisionCore interface. Until that branch is merged
 * this file does not compile; everything else is written against core-api.ts.
 */
import { buildTable, decide, DEFECTS, loadFailoverConfig, parseDefects, selectForScaleOut, type FailoverConfig } from '../core.ts';
import type { CoreConfig, CoreDefects, DecisionCore } from './core-api.ts';

const cfg = (c: CoreConfig): FailoverConfig => c as unknown as FailoverConfig;

export const decisionCore: DecisionCore = {
  loadConfig: (file) => loadFailoverConfig(file) as unknown as CoreConfig,
  configJson: (c) => JSON.parse(JSON.stringify(cfg(c), (_k, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v))) as unknown,
  settings: (c) => ({ shutdownMs: cfg(c).manager.shutdownDeadlineMs, dumpMs: cfg(c).manager.dumpWaitDeadlineMs }),
  defects: () => Object.entries(DEFECTS).map(([name, description]) => ({ name, description: String(description) })),
  parseDefects: (names) => parseDefects(names) as unknown as CoreDefects,
  buildTable: (r, c, builtAt) => ({ ...buildTable(r, cfg(c)), builtAt }),
  decide: (t, c, f, d) => decide(t, cfg(c), f, d as unknown as ReturnType<typeof parseDefects>),
  selectForScaleOut: (t, c, request) => selectForScaleOut(t, cfg(c), request as Parameters<typeof selectForScaleOut>[2]),
};
