/**
 * The log-evidence check (logs.ts): which entries count (IPMI SEL records decoded by the real IPMI
 * capability code, Redfish SEL / Event entries), and through the real runner with the harness's
 * fake device: it passes when the log gets an entry for the fault, and fails — naming what the log
 * did get — when it gets none or only unrelated ones.
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LogKind, LogReader, LogRecord } from '../../../drivers/capabilities/index.ts';
import { selEntryToLogRecord } from '../../../drivers/ipmi/capabilities.ts';
import type { SelSystemEvent } from '../../../drivers/ipmi/codec/sel.ts';
import { BudgetBook } from '../../../harness/budgets/load.ts';
import { HistoryWriter } from '../../../harness/history/writer.ts';
import { planTestcases } from '../../../harness/runner/plan.ts';
import { runTestcases } from '../../../harness/runner/runner.ts';
import { ftScenario } from './define.ts';
import { FakeFtDevice } from '../../../harness/testing/fake-ft.ts';
import { systemClock } from '../../../lib/clock.ts';
import type { CheckRecord, ScenarioEnd } from '../../../lib/history/records.ts';
import { silentLogger } from '../../../lib/log.ts';
import { type LoggedFault, checkFaultLogged, entryKey, isFaultLogEntry, logBaseline } from './logs.ts';

let nextId = 1;
/** An IPMI SEL system event record as the IPMI LogReader returns it. */
function sel(sensorType: number, sensorNumber: number, eventType: number, offset: number, assertion = true): LogRecord {
  const record: SelSystemEvent = {
    kind: 'system',
    recordId: nextId,
    timestamp: 0x60000000 + nextId,
    generatorId: 0x20,
    evmRev: 4,
    sensorType,
    sensorNumber,
    assertion,
    eventType,
    eventData: [offset, 0xff, 0xff],
  };
  nextId++;
  return selEntryToLogRecord({ recordId: record.recordId, nextRecordId: nextId, record });
}

const PROCESSOR = 0x07;
const CRITICAL_INTERRUPT = 0x13;
const MODULE_BOARD = 0x15;
const ACPI_POWER = 0x22;
const ENTITY_PRESENCE = 0x25;

/** A Redfish LogEntry (Event log) as the Redfish LogReader returns it. */
function event(messageId: string, args: string[], severity: string, origin: string | null = null): LogRecord {
  const id = String(nextId++);
  return { id, created: '2026-01-01T00:00:00Z', eventTimestamp: null, messageId, messageArgs: args, message: messageId, severity, originOfCondition: origin };
}

const cpu0Error: LoggedFault = { module: 0, subsystem: 'Cpu', evidence: 'error' };
const cpu0Out: LoggedFault = { module: 0, subsystem: 'Cpu', evidence: 'out-of-service' };

test('IPMI SEL records: machine checks are CPU errors, redundancy lost / off line mean out of service', (t) => {
  const uncorrectable = sel(PROCESSOR, 0x20, 0x6f, 0x0b);
  const correctable = sel(PROCESSOR, 0x20, 0x6f, 0x0c);
  const redundancyLost = sel(MODULE_BOARD, 0x10, 0x0b, 0x01);
  const offLine = sel(MODULE_BOARD, 0x40, 0x0a, 0x04);
  t.is(uncorrectable.sensorType, 'Processor');
  t.true(isFaultLogEntry(uncorrectable, cpu0Error));
  t.true(isFaultLogEntry(correctable, cpu0Error));
  t.false(isFaultLogEntry(correctable, cpu0Out), 'an error alone does not say the module left service');
  t.true(isFaultLogEntry(redundancyLost, cpu0Out));
  t.true(isFaultLogEntry(offLine, cpu0Out));
  t.true(isFaultLogEntry(redundancyLost, cpu0Error));
  t.false(isFaultLogEntry(sel(CRITICAL_INTERRUPT, 0x30, 0x6f, 0x08), cpu0Error), 'a bus error is not a CPU error');
  t.true(isFaultLogEntry(sel(CRITICAL_INTERRUPT, 0x30, 0x6f, 0x08), { module: 0, subsystem: 'Io', evidence: 'error' }));
  t.false(isFaultLogEntry(sel(ACPI_POWER, 0x50, 0x6f, 0x05), cpu0Error), 'power state changes are not the fault');
  t.false(isFaultLogEntry(sel(ENTITY_PRESENCE, 0x11, 0x08, 0x01), cpu0Out), 'module present is informational');
  t.false(isFaultLogEntry(sel(MODULE_BOARD, 0x10, 0x0b, 0x00), cpu0Out), 'fully redundant (OK) is not a loss');
});

test('Redfish Event entries: about the faulty module, and for out-of-service a message saying so', (t) => {
  t.true(isFaultLogEntry(event('FtLab.1.0.ModuleKeptOut', ['0', 'Cpu', '4', '86400'], 'Critical'), cpu0Out));
  t.false(isFaultLogEntry(event('FtLab.1.0.ModuleKeptOut', ['1', 'Cpu', '4', '86400'], 'Critical'), cpu0Out), 'the other module');
  const errors = event('ResourceEvent.1.4.ResourceErrorsDetected', ['Oem/FtLab/ErrorCounters/Cpu/Count', 'Permanent'], 'Warning', '/redfish/v1/Chassis/Module0');
  t.true(isFaultLogEntry(errors, cpu0Error));
  t.false(isFaultLogEntry(errors, cpu0Out));
  t.true(isFaultLogEntry(event('ResourceEvent.1.4.ResourceStatusChangedCritical', ['/redfish/v1/Chassis/Module0', 'Critical'], 'Critical', '/redfish/v1/Chassis/Module0'), cpu0Out));
  t.false(isFaultLogEntry(event('FtLab.1.0.FaultInjected', ['InjectError', '{"Module":0}'], 'OK'), cpu0Error), 'informational audit entries do not count');
});

/** A LogReader over in-memory logs with the semantics of a BMC log: entries append, ids grow. */
class MemoryLogs implements LogReader {
  readonly kind = 'LogReader' as const;
  readonly logsByKind = new Map<LogKind, LogRecord[]>();
  constructor(kinds: LogKind[]) {
    for (const k of kinds) this.logsByKind.set(k, []);
  }
  async logs(): Promise<LogKind[]> {
    return [...this.logsByKind.keys()];
  }
  async entries(log: LogKind): Promise<LogRecord[]> {
    const l = this.logsByKind.get(log);
    if (!l) throw new Error(`no ${log} log`);
    return [...l];
  }
  async clear(log: LogKind): Promise<void> {
    this.logsByKind.set(log, []);
  }
  add(log: LogKind, e: LogRecord): void {
    this.logsByKind.get(log)?.push(e);
  }
}

const CHECK = 'the fault is recorded in the system log';

/**
 * Run one scenario on the fake device: baseline, inject a CPU error on module 0 (the fake isolates
 * the module), `onInject` writes what the BMC would log, then the required check.
 */
async function runWithLog(t: import('ava').ExecutionContext, logs: MemoryLogs, onInject: () => void, fault: LoggedFault = cpu0Error) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftlab-logs-'));
  // A high time scale keeps the check's wait at its floor of real time.
  const fake = new FakeFtDevice({ timeScale: 100 });
  await fake.start();
  const history = new HistoryWriter(path.join(dir, 'history.jsonl'));
  t.teardown(async () => {
    history.close();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const device = fake.bound();
  const fi = device.caps.FtLabFaultInjection;
  if (!fi) throw new Error('the fake device has no FtLabFaultInjection');
  device.caps.LogReader = logs;
  device.caps.FtLabFaultInjection = {
    ...fi,
    kind: 'FtLabFaultInjection',
    injectError: async (p, signal) => {
      await fi.injectError(p, signal);
      onInject();
    },
  };
  const def = ftScenario({
    id: 'log-evidence',
    title: 'log evidence',
    requirements: ['FT-12'],
    tags: [],
    suites: ['test'],
    needs: ['FtLabFaultInjection', 'LogReader'],
    timeoutMs: 6_000_000,
    checks: [{ name: CHECK, kind: 'assertion' }],
    async run(ctx) {
      const base = await logBaseline(ctx);
      await ctx.fault('cpu error', { module: 0 }, () => ctx.caps.FtLabFaultInjection.injectError({ module: 0, subsystem: 'Cpu', kind: 'Permanent' }), () => ctx.caps.FtLabFaultInjection.insertModule(0));
      await checkFaultLogged(ctx, base, fault, { name: CHECK, requirements: ['FT-12'] });
    },
  });
  const ctrl = new AbortController();
  await runTestcases(planTestcases([def], [device], 1), { history, budgets: new BudgetBook([]), clock: systemClock, log: silentLogger, signal: ctrl.signal, undoDeadlineMs: 2000 });
  const end = history.records.find((r): r is ScenarioEnd => r.type === 'scenario-end');
  const check = history.records.find((r): r is CheckRecord => r.type === 'check' && r.name === CHECK);
  return { end, check };
}

test('passes when the SEL and the Event log each get an entry for the fault after the baseline', async (t) => {
  const logs = new MemoryLogs(['SEL', 'Event']);
  logs.add('SEL', sel(ACPI_POWER, 0x50, 0x6f, 0x00));
  const { end, check } = await runWithLog(t, logs, () => {
    logs.add('SEL', sel(PROCESSOR, 0x20, 0x6f, 0x0b));
    logs.add('Event', event('ResourceEvent.1.4.ResourceErrorsDetected', ['Oem/FtLab/ErrorCounters/Cpu/Count', 'Permanent'], 'Warning', '/redfish/v1/Chassis/Module0'));
  });
  t.is(end?.outcome, 'passed', end?.reason);
  t.like(check, { evaluated: true, ok: true, required: true });
});

test('fails, naming what the log got, when no entry for the fault appears', async (t) => {
  const logs = new MemoryLogs(['SEL']);
  const { end, check } = await runWithLog(t, logs, () => logs.add('SEL', sel(ACPI_POWER, 0x50, 0x6f, 0x05)));
  t.is(end?.outcome, 'failed');
  t.like(check, { evaluated: true, ok: false });
  t.regex(check?.detail ?? '', /no new entry about the Cpu fault of module 0 in the SEL log .*SEL: 1 new entry \(#\d+ Warning System ACPI Power State: /);
});

test('an entry that was in the log before the fault is not evidence', async (t) => {
  const logs = new MemoryLogs(['SEL']);
  logs.add('SEL', sel(MODULE_BOARD, 0x10, 0x0b, 0x01));
  const stale = await runWithLog(t, logs, () => undefined, cpu0Out);
  t.is(stale.end?.outcome, 'failed');
  t.regex(stale.check?.detail ?? '', /no new entry about module 0 leaving service in the SEL log .*SEL: 0 new entries/);
});

test('a CPU error entry alone is not evidence that the module left service', async (t) => {
  const logs = new MemoryLogs(['SEL']);
  const errorOnly = await runWithLog(t, logs, () => logs.add('SEL', sel(PROCESSOR, 0x20, 0x6f, 0x0c)), cpu0Out);
  t.is(errorOnly.end?.outcome, 'failed');
  t.regex(errorOnly.check?.detail ?? '', /SEL: 1 new entry \(#\d+ Warning Processor: Correctable Machine Check Error/);
});

test('entries are told apart by id, creation time and message id', (t) => {
  const a = sel(MODULE_BOARD, 0x10, 0x0b, 0x01);
  t.is(entryKey(a), entryKey({ ...a }));
  t.not(entryKey(a), entryKey({ ...a, created: '2030-01-01T00:00:00Z' }), 'an id reused after a clear or wrap is a new entry');
});

test('a SEL that stays empty fails though the Event log has the entry; a device without logs fails the check', async (t) => {
  const logs = new MemoryLogs(['SEL', 'Event']);
  const eventOnly = await runWithLog(t, logs, () => logs.add('Event', event('FtLab.1.0.ModuleKeptOut', ['0', 'Cpu', '4', '86400'], 'Critical')), cpu0Out);
  t.is(eventOnly.end?.outcome, 'failed');
  t.regex(eventOnly.check?.detail ?? '', /^no new entry about module 0 leaving service in the SEL log within \d+ ms \(SUT\); SEL: 0 new entries$/);

  const none = await runWithLog(t, new MemoryLogs([]), () => undefined);
  t.is(none.end?.outcome, 'failed');
  t.is(none.check?.detail, 'the device offers neither a SEL nor an Event log');
});

test('the keep-out and replacement scenarios need a LogReader and require the log check', async (t) => {
  const { ftKeptOutAboveThreshold, KEPT_OUT_LOGGED } = await import('../error-threshold.ts');
  const { ftReplacementFlow, PERMANENT_FAULT_LOGGED } = await import('../replacement.ts');
  for (const [def, name] of [
    [ftKeptOutAboveThreshold, KEPT_OUT_LOGGED],
    [ftReplacementFlow, PERMANENT_FAULT_LOGGED],
  ] as const) {
    t.true((def.roles.ft.needs as readonly string[]).includes('LogReader'), def.id);
    t.like(def.checks?.find((c) => c.name === name), { kind: 'assertion' }, `${def.id} does not declare "${name}"`);
    t.not(def.checks?.find((c) => c.name === name)?.required, false);
  }
});
