/**
 * The one file that imports the decision core (reference/failover-manager/core.ts, branch
 * i12-decide) and binds it to the process's DecisionCore interface. Until that branch is merged
 * this file does not compile; everything else is written against core-api.ts.
 */
import { ConfigError } from '../../../lib/errors.ts';
import { buildTable, decide, DEFECT_NAMES, DEFECTS, type Defects, type FailoverConfig, loadFailoverConfig, parseDefects, selectForScaleOut } from '../core.ts';
import type { CoreConfig, CoreDefects, DecisionCore } from './core-api.ts';

const cfg = (c: CoreConfig): FailoverConfig => c as unknown as FailoverConfig;

/** FO-12's request as the API received it: {"like": "<server id>"} (a server whose hardware to match). */
function scaleOutRequest(body: unknown): { like: string } {
  const like = body !== null && typeof body === 'object' ? (body as { like?: unknown }).like : undefined;
  if (typeof like !== 'string' || !like) throw new ConfigError('SelectScaleOut body', 'expected {"like": "<server id>"}: the server whose hardware the new one must match', { found: body });
  return { like };
}

export const decisionCore: DecisionCore = {
  loadConfig: (file) => loadFailoverConfig(file) as unknown as CoreConfig,
  configJson: (c) => JSON.parse(JSON.stringify(cfg(c), (_k, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v))) as unknown,
  settings: (c) => ({ shutdownMs: cfg(c).manager.shutdownDeadlineMs, dumpMs: cfg(c).manager.dumpWaitDeadlineMs }),
  defects: () => DEFECT_NAMES.map((name) => ({ name, description: DEFECTS[name] })),
  parseDefects: (names) => parseDefects(names) as unknown as CoreDefects,
  buildTable: (r, c, at, failed) => buildTable({ at, servers: r.servers, switches: r.switches, fabrics: r.fabrics, arrays: r.arrays, partitions: r.partitions, failed }, cfg(c)),
  decide: (t, c, f, d) => decide(t, cfg(c), f, d as unknown as Defects),
  selectForScaleOut: (t, c, request) => selectForScaleOut(t, cfg(c), scaleOutRequest(request)),
};
