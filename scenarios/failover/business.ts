/**
 * FO-02 and FO-07 on one server: a fan fault (the default fault action table: no action) changes
 * nothing anywhere in the cluster, while an OS hang on the same server then fails over — and its
 * business answers again, from the standby, at its own address (outside probe), the standby's BMC
 * naming the volume it booted from.
 */
import type { HistoryRecord } from '../../lib/history/records.ts';
import { checkBusinessReturns } from './lib/business.ts';
import { foScenario } from './lib/define.ts';
import { injectHardwareFault, observeQuiet } from './lib/fault.ts';
import { failWith } from './lib/failover-run.ts';
import { nothingChanges } from './lib/unchanged.ts';

const noAction = nothingChanges();

export const fanThenHang = foScenario({
  id: 'fo-fan-then-oshang',
  title: 'a fan fault changes nothing; an OS hang on the same server fails over and its business answers from the standby',
  requirements: ['FO-01', 'FO-02', 'FO-07'],
  tags: ['failover', 'no-action', 'business'],
  async run(fo) {
    const { ctx } = fo;
    await injectHardwareFault(fo, 'Fan');
    await observeQuiet(fo, ctx.budget('fo.detection').limit);
    const before: readonly HistoryRecord[] = [...fo.cl.records()];
    ctx.check('a fault the table says no action for changes nothing in the cluster', { kind: 'invariant', requirements: ['FO-02'] }, () => {
      const r = noAction.evaluate(before);
      return typeof r === 'string' ? r : typeof r === 'object' && 'notApplicable' in r ? `not evaluated: ${r.notApplicable}` : true;
    });
    const run = await failWith(fo, 'OsHang');
    await checkBusinessReturns(fo, run.since, run);
  },
});
