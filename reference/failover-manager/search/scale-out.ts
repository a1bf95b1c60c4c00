/**
 * FO-12: the standby search serves scale-out target selection. `like` names a server whose
 * hardware, server count and business policy the new server must match; nothing failed, nothing
 * is preempted. Same rules and tie-breaks as a failover (standby.ts).
 */
import type { FailoverConfig } from '../config/types.ts';
import { NO_DEFECTS } from '../defects.ts';
import type { ManagementTable, ScaleOutRequest, ScaleOutResult } from '../plan/types.ts';
import { findStandby, policyOf } from './standby.ts';
import { lead, serverIds, unitOf } from './units.ts';

export type { ScaleOutRequest, ScaleOutResult };

export function selectForScaleOut(table: ManagementTable, config: FailoverConfig, request: ScaleOutRequest): ScaleOutResult {
  const model = unitOf(table, request.like);
  const c = findStandby(table, config, model, policyOf(config, lead(model).business?.name), NO_DEFECTS);
  if (!c) return { kind: 'none', reason: `no unused server matches ${model.id}` };
  return { kind: 'selected', servers: serverIds(c.unit), reason: c.rule, compose: c.compose };
}
