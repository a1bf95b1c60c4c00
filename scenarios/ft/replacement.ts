/**
 * FT-13 / FT-12: the whole replacement loop, every state checked on the way: duplex → permanent
 * CPU fault (module cut off, LED amber, the faulty component named, the other module runs on) →
 * pull → replace and re-insert → automatic resync → duplex with a clean module.
 */
import { systemStaysOn } from './lib/invariants.ts';
import { ftScenario } from './lib/define.ts';
import { FT, describeEvent, ftEvent } from '../../lib/domains/ft/messages.ts';
import { injectError } from './lib/faults.ts';
import { checkFaultLogged, logBaseline } from './lib/logs.ts';
import { counterOf, describeState, isDuplex, isSimplexOn, moduleOf } from './lib/state.ts';
import { checkResyncOrder, insertModule, measureResync, observeResync, pullModule, requireDuplex, verifyDuplexAtEnd } from './lib/steps.ts';
import { budgetLimit, sutDeadline } from './lib/time.ts';

const MODULE = 0;
const SURVIVOR = 1;

/** Required check: the permanent fault is in the system log (FT-12 / FT-13: the service call has a record to go by). */
export const PERMANENT_FAULT_LOGGED = 'step 2: the permanent fault is recorded in the system log (SEL, else Event log)';

export const ftReplacementFlow = ftScenario({
  id: 'ft-replacement-flow',
  title: 'Replacement flow: permanent fault, LED and faulty component, pull, re-insert, automatic resync, duplex',
  requirements: ['FT-13', 'FT-12'],
  tags: ['ft', 'replacement', 'module-0'],
  needs: ['FtState', 'EventSource', 'FtLabFaultInjection', 'LogReader'],
  timeoutMs: 1_200_000,
  invariants: [systemStaysOn],
  checks: [
    { name: 'blackout-pause', kind: 'budget' },
    { name: 'resync-total', kind: 'budget' },
    { name: PERMANENT_FAULT_LOGGED, kind: 'assertion', requirements: ['FT-12', 'FT-13'] },
  ],
  async run(ctx) {
    const start = await requireDuplex(ctx, 'step 1: system duplex');
    ctx.check('step 1: duplex, module LED off', { kind: 'assertion', requirements: ['FT-13'] }, () =>
      isDuplex(start) && moduleOf(start, MODULE)?.ledOn === false ? true : describeState(start),
    );

    const log = await logBaseline(ctx);
    const fault = await injectError(ctx, { module: MODULE, subsystem: 'Cpu', kind: 'Permanent' });
    const detection = budgetLimit(ctx, 'ft.isolation.detection', 100);
    const isolated = await ctx.waitForEvent(`step 2: ModuleIsolated(${MODULE})`, sutDeadline(ctx, detection * 50), ftEvent(FT.ModuleIsolated, MODULE), {
      since: fault.since,
    });
    const out = await ctx.waitForState('FtState', `step 2: module ${MODULE} cut off with its LED on`, sutDeadline(ctx, 30_000), (s) => {
      const m = moduleOf(s, MODULE);
      return isSimplexOn(s, SURVIVOR) && m !== undefined && m.ledOn && m.opState !== 'Duplex';
    });
    ctx.check(`step 2: CPU part of module ${MODULE} cut off, module ${SURVIVOR} runs alone`, { kind: 'assertion', requirements: ['FT-13'] }, () =>
      isSimplexOn(out, SURVIVOR) ? true : describeState(out),
    );
    ctx.check(`step 2: module ${MODULE} LED on`, { kind: 'assertion', requirements: ['FT-12', 'FT-13'] }, () =>
      moduleOf(out, MODULE)?.ledOn ? true : describeState(out),
    );
    ctx.check('step 2: the BMC names the component to replace', { kind: 'assertion', requirements: ['FT-12'] }, () => {
      const c = moduleOf(out, MODULE)?.faultyComponent;
      if (!c) return `no faulty component reported for module ${MODULE} (${describeEvent(isolated)})`;
      return c.includes(`M${MODULE}`) || c.includes(`Module${MODULE}`) ? true : `faulty component "${c}" does not name module ${MODULE}`;
    });
    ctx.check('step 2: the LED of the healthy module stays off', { kind: 'assertion', requirements: ['FT-12'] }, () =>
      moduleOf(out, SURVIVOR)?.ledOn === false ? true : describeState(out),
    );
    await checkFaultLogged(ctx, log, { module: MODULE, subsystem: 'Cpu', evidence: 'error' }, { name: PERMANENT_FAULT_LOGGED, requirements: ['FT-12', 'FT-13'] });

    await pullModule(ctx, MODULE);
    const pulled = await ctx.sample('FtState');
    ctx.check(`step 3: module ${MODULE} pulled, module ${SURVIVOR} still runs`, { kind: 'assertion', requirements: ['FT-13'] }, () =>
      moduleOf(pulled, MODULE)?.opState === 'Absent' && isSimplexOn(pulled, SURVIVOR) ? true : describeState(pulled),
    );

    const insertedAt = await insertModule(ctx, MODULE);
    const resync = await observeResync(ctx, MODULE, insertedAt);
    checkResyncOrder(ctx, resync, ['FT-13']);
    measureResync(ctx, resync, undefined, { requirements: ['FT-13'] });

    const end = await verifyDuplexAtEnd(ctx, ['FT-13']);
    ctx.check(`step 5: the replacement module is clean (LED off, not kept out, no faulty component, no error history)`, { kind: 'assertion', requirements: ['FT-13', 'FT-12'] }, () => {
      const m = moduleOf(end, MODULE);
      if (!m) return `module ${MODULE} missing`;
      const cpu = counterOf(m, 'Cpu');
      const problems = [
        m.ledOn ? 'LED on' : '',
        m.keptOut ? 'kept out' : '',
        m.faultyComponent ? `faulty component ${m.faultyComponent}` : '',
        cpu && cpu.count !== 0 ? `Cpu error count ${cpu.count}` : '',
      ].filter(Boolean);
      return problems.length === 0 ? true : problems.join(', ');
    });
  },
});
