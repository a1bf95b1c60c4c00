/**
 * FT-13 / FT-12: the whole replacement loop, every state checked on the way: duplex → permanent
 * CPU fault (module cut off, LED amber, the faulty component named, the other module runs on) →
 * pull → replace and re-insert → automatic resync → duplex with a clean module; a setting changed
 * while the module was out is kept.
 */
import { systemStaysOn } from './lib/invariants.ts';
import { ftScenario } from './lib/define.ts';
import { FT, describeEvent, ftEvent } from '../../lib/domains/ft/messages.ts';
import { optionalCap, type SoloContext } from '../../harness/scenario.ts';
import { ChangeRefusedError, type FtSystemSnapshot } from '../../drivers/capabilities/index.ts';
import { errorMessage } from '../../lib/errors.ts';
import { injectError } from './lib/faults.ts';
import { checkFaultLogged, logBaseline } from './lib/logs.ts';
import { describeState, isDuplex, isSimplexOn, moduleOf } from './lib/state.ts';
import { cpuComponentOf, ioMemberAfterLoss, ioSettled, onlyExpected, permanentCpuFaultFacts, SUBSYSTEM_KEYS } from './lib/expect.ts';
import { checkResyncOrder, clearHistory, holdForStall, insertModule, measureResync, observeResync, pullModule, requireDuplex, verifyDuplexAtEnd } from './lib/steps.ts';
import { budgetLimit, sutDeadline } from './lib/time.ts';

const NEEDS = ['FtState', 'EventSource', 'FtLabFaultInjection', 'LogReader'] as const;
type Ctx = SoloContext<(typeof NEEDS)[number]>;

const MODULE = 0;
const SURVIVOR = 1;

/** Required check: the permanent fault is in the system log (FT-12 / FT-13: the service call has a record to go by). */
export const PERMANENT_FAULT_LOGGED = 'step 2: the permanent fault is recorded in every system log the BMC offers (SEL and Event log)';

/**
 * A permanently faulty module stays out until it is replaced: the clear-history action (which
 * brings back a module kept out for transient errors) must not re-integrate it, nor may anything
 * else change on its own meanwhile. Only the Io history is cleared: the Cpu count stays, so step 5
 * can tell that the replacement (not this request) started the new module's history afresh.
 */
async function staysOutUntilReplaced(ctx: Ctx, out: FtSystemSnapshot, faultSince: number): Promise<void> {
  const since = ctx.clock.now();
  await clearHistory(ctx, MODULE, 'Io', `step 2: clear the Io error history of module ${MODULE} (must not bring back a permanent fault)`);
  await holdForStall(ctx);
  const still = await ctx.sample('FtState');
  ctx.check(`step 2: module ${MODULE} stays out until replaced (clear-history does not re-integrate a permanent fault)`, { kind: 'assertion', requirements: ['FT-13', 'FT-12'] }, () => {
    const back = ctx.events({ since: faultSince }).filter((e) => ftEvent(FT.ResyncStarted, MODULE)(e) || ftEvent(FT.TransientFaultReintegrating, MODULE)(e));
    if (back.length > 0) return back.map(describeEvent).join('; ');
    return onlyExpected(out, still, { [`M${MODULE}.count.Io`]: '0' });
  });
  ctx.log.info(`module ${MODULE} still out ${Math.round(ctx.toSutMs(ctx.clock.now() - since))} ms (SUT) after the clear-history request`);
}

/**
 * An operator's setting changed while the module is out (the system's AssetTag, when the BMC
 * offers SystemSettings) takes effect at once and must still be there once the replacement has
 * joined (FT-13: the system, not a module, holds its settings; the joining module takes them from
 * the running one). The original tag is put back by the undo. Returns the fact step 5 expects.
 */
async function changeSettingWhileOut(ctx: Ctx, pulled: FtSystemSnapshot): Promise<Record<string, string>> {
  const settings = optionalCap(ctx, 'SystemSettings');
  const before = pulled.assetTag;
  if (!settings || typeof before !== 'string') {
    ctx.log.info('the BMC offers no settable AssetTag: no setting is changed while the module is out');
    return {};
  }
  const tag = `ftlab replacement ${new Date(ctx.clock.wallNow()).toISOString()}`;
  const undo = async (): Promise<void> => {
    if ((await settings.assetTag()) !== before) await settings.setAssetTag(before);
  };
  try {
    await ctx.fault('set AssetTag while module out', { assetTag: tag }, () => settings.setAssetTag(tag, ctx.signal), undo);
  } catch (e) {
    if (!(e instanceof ChangeRefusedError)) throw e;
    ctx.log.info(`the BMC refuses to set the AssetTag (${errorMessage(e)}): no setting is changed while the module is out`);
    return {};
  }
  const now = await ctx.sample('FtState');
  ctx.check(`step 3: a setting changed while module ${MODULE} is out (AssetTag) takes effect, and nothing else changes`, { kind: 'assertion', requirements: ['FT-13'] }, () =>
    onlyExpected(pulled, now, { assetTag: tag }),
  );
  return { assetTag: tag };
}

export const ftReplacementFlow = ftScenario({
  id: 'ft-replacement-flow',
  title: 'Replacement flow: permanent fault, LED and faulty component, pull, re-insert, automatic resync, duplex',
  requirements: ['FT-13', 'FT-12'],
  tags: ['ft', 'replacement', 'module-0'],
  needs: NEEDS,
  uses: ['SystemSettings'],
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
    // Wait for the cut-off only: the LED and the component are then checked exactly (a missing LED is a failed check, not a timeout).
    const out = await ctx.waitForState('FtState', `step 2: module ${MODULE} cut off, module ${SURVIVOR} alone, its IO switched over`, sutDeadline(ctx, 30_000), (s) => {
      const m = moduleOf(s, MODULE);
      return isSimplexOn(s, SURVIVOR) && m !== undefined && m.keptOut && ioSettled(start, s);
    });
    ctx.check(`step 2: the BMC names the component to replace: a processor of module ${MODULE}`, { kind: 'assertion', requirements: ['FT-12'] }, () => {
      const c = moduleOf(out, MODULE)?.faultyComponent;
      if (!c) return `no faulty component reported for module ${MODULE} (${describeEvent(isolated)})`;
      const want = cpuComponentOf(MODULE);
      return typeof want !== 'string' && want.test(c, '-') ? true : `faulty component "${c}" is not ${typeof want === 'string' ? want : want.says}`;
    });
    ctx.check(`step 2: exactly: module ${MODULE} cut off and kept out, LED on (the other LED off), a CPU of module ${MODULE} named; module ${SURVIVOR} alone, nothing else changed`, { kind: 'assertion', requirements: ['FT-12', 'FT-13'] }, () =>
      onlyExpected(start, out, permanentCpuFaultFacts(start, MODULE), SUBSYSTEM_KEYS(MODULE)),
    );
    await checkFaultLogged(ctx, log, { module: MODULE, subsystem: 'Cpu', evidence: 'error' }, { name: PERMANENT_FAULT_LOGGED, requirements: ['FT-12', 'FT-13'] });
    await staysOutUntilReplaced(ctx, out, fault.since);

    await pullModule(ctx, MODULE);
    const pulled = await ctx.sample('FtState');
    ctx.check(`step 3: module ${MODULE} pulled, module ${SURVIVOR} still runs`, { kind: 'assertion', requirements: ['FT-13'] }, () =>
      moduleOf(pulled, MODULE)?.opState === 'Absent' && isSimplexOn(pulled, SURVIVOR) ? true : describeState(pulled),
    );
    const setting = await changeSettingWhileOut(ctx, pulled);

    const insertedAt = await insertModule(ctx, MODULE);
    const resync = await observeResync(ctx, MODULE, insertedAt);
    checkResyncOrder(ctx, resync, ['FT-13']);
    measureResync(ctx, resync, undefined, { requirements: ['FT-13'] });

    const end = await verifyDuplexAtEnd(ctx, ['FT-13']);
    ctx.check(`step 5: the replacement module is clean (LED off, not kept out, no faulty component, no error history)`, { kind: 'assertion', requirements: ['FT-13', 'FT-12'] }, () => {
      const m = moduleOf(end, MODULE);
      if (!m) return `module ${MODULE} missing`;
      const problems = [
        m.ledOn ? 'LED on' : '',
        m.keptOut ? 'kept out' : '',
        m.faultyComponent ? `faulty component ${m.faultyComponent}` : '',
        ...Object.entries(m.counters).map(([sub, c]) => (c.count !== 0 ? `${sub} error count ${c.count}` : '')),
      ].filter(Boolean);
      return problems.length === 0 ? true : problems.join(', ');
    });
    ctx.check('step 5: the survivor is as it was before the fault (the replacement touched only the replaced module)', { kind: 'assertion', requirements: ['FT-13'] }, () =>
      onlyExpected(start, end, {
        [`M${MODULE}.count.Cpu`]: '0',
        [`M${MODULE}.count.Io`]: '0',
        nic: ioMemberAfterLoss(start.nicActive, MODULE),
        storagePath: ioMemberAfterLoss(start.storagePathActive, MODULE),
        ...setting,
      }),
    );
  },
});
