import test from 'ava';
import type { BmcEvent } from '../../../drivers/capabilities/index.ts';
import {
  FT,
  FT_PREFIX,
  decodeFtMessage,
  decodeResourceEvent,
  describeEvent,
  eventModule,
  ftEvent,
  isIoSubsystem,
  isMessage,
  messageKey,
  namesSubsystem,
  numericArg,
  registryPrefix,
  systemWentDown,
  type FtEventFields,
} from './messages.ts';

const MOD = (m: number): string => `/redfish/v1/Chassis/Module${m}`;

function ev(messageId: string, messageArgs: string[] = [], originOfCondition: string | null = null): FtEventFields {
  return { messageId, messageArgs, originOfCondition };
}

test('registry prefix and message key ignore version digits', (t) => {
  t.is(registryPrefix(ev('FtLab.1.0.ModuleIsolated')), 'FtLab');
  t.is(messageKey(ev('FtLab.1.0.ModuleIsolated')), 'ModuleIsolated');
  t.is(messageKey(ev('FtLab.1.7.ModuleIsolated')), 'ModuleIsolated');
  t.is(messageKey(ev('Plain')), 'Plain');
  t.is(messageKey(ev('FtLab.')), '');
  t.true(isMessage(ev('FtLab.1.3.DuplexRestored'), FT_PREFIX, FT.DuplexRestored));
  t.false(isMessage(ev('Acme.1.0.DuplexRestored'), FT_PREFIX, FT.DuplexRestored));
});

test('the module comes from the origin first, then from the first argument', (t) => {
  t.is(eventModule(ev('x', ['0'], MOD(1))), 1);
  t.is(eventModule(ev('x', [' 1 '])), 1);
  t.is(eventModule(ev('x', ['Module0'])), 0);
  t.is(eventModule(ev('x', [MOD(1)])), 1);
  t.is(eventModule(ev('x', [])), null);
  t.is(eventModule(ev('x', ['2'])), null, 'an ft server has modules 0 and 1 only');
  t.is(eventModule(ev('x', ['nic0'], '/redfish/v1/Systems/ft0')), null);
  t.is(eventModule({ messageArgs: ['1'] }), 1, 'an absent origin is no origin');
});

test('ftEvent matches the FtLab key, optionally one module', (t) => {
  const e = ev('FtLab.1.0.ModuleIsolated', ['0', 'Cpu', 'lockstep mismatch'], MOD(0));
  t.true(ftEvent(FT.ModuleIsolated)(e));
  t.true(ftEvent(FT.ModuleIsolated, 0)(e));
  t.false(ftEvent(FT.ModuleIsolated, 1)(e));
  t.false(ftEvent(FT.ModuleKeptOut)(e));
});

test('subsystems, numeric arguments and the short description', (t) => {
  const e = ev('FtLab.1.0.ModuleIsolated', ['0', 'IO', '/redfish/v1/Chassis/Module0/Cpu']);
  t.true(namesSubsystem(e, 'Io'));
  t.true(namesSubsystem(e, 'cpu'), 'a URI ending in the subsystem names it');
  t.false(namesSubsystem(e, 'Memory'));
  const b = ev('FtLab.1.0.BlackoutCompleted', ['1', '53.46', 'x']);
  t.is(numericArg(b, 1), 53.46);
  t.is(numericArg(b, 2), undefined);
  t.is(numericArg(b, 5), undefined);
  t.is(describeEvent({ ...b, eventTimestamp: '2026-01-01T00:00:00Z' }), 'FtLab.1.0.BlackoutCompleted(1, 53.46, x) @ 2026-01-01T00:00:00Z');
});

test('decodeFtMessage types every FtLab message by its registry arguments', (t) => {
  t.deepEqual(decodeFtMessage(ev('FtLab.1.0.ModuleIsolated', ['0', ' Io ', 'parity error in nic0'], MOD(0))), {
    name: 'ModuleIsolated',
    module: 0,
    subsystem: 'Io',
    reason: 'parity error in nic0',
  });
  t.deepEqual(decodeFtMessage(ev('FtLab.1.2.ModuleKeptOut', ['1', 'Cpu', '4', '600'])), { name: 'ModuleKeptOut', module: 1, subsystem: 'Cpu', count: 4, windowSeconds: 600 });
  t.deepEqual(decodeFtMessage(ev('FtLab.1.0.TransientFaultReintegrating', ['1', 'Cpu'])), { name: 'TransientFaultReintegrating', module: 1, subsystem: 'Cpu' });
  t.deepEqual(decodeFtMessage(ev('FtLab.1.0.BrownoutPassCompleted', ['1', '2', '1250'])), { name: 'BrownoutPassCompleted', module: 1, pass: 2, dirtyMiB: 1250 });
  t.deepEqual(decodeFtMessage(ev('FtLab.1.0.BlackoutCompleted', ['1', '53.46'])), { name: 'BlackoutCompleted', module: 1, pauseMs: 53.46 });
  t.deepEqual(decodeFtMessage(ev('FtLab.1.0.DuplexRestored', [], '/redfish/v1/Systems/ft0')), { name: 'DuplexRestored', module: null });
  t.deepEqual(decodeFtMessage(ev('FtLab.1.0.ResyncAborted', ['1', 'module pulled'])), { name: 'ResyncAborted', module: 1, reason: 'module pulled' });
  for (const name of [FT.ResyncStarted, FT.BlackoutStarted, FT.ModuleRemoved, FT.ModuleInserted]) {
    t.deepEqual(decodeFtMessage(ev(`FtLab.1.0.${name}`, ['Module1'])), { name, module: 1 });
  }
  t.deepEqual(decodeFtMessage(ev('FtLab.1.0.NicTeamFailover', ['team0', 'none', 'nic1'])), { name: 'NicTeamFailover', team: 'team0', from: 'none', to: 'nic1' });
  t.deepEqual(decodeFtMessage(ev('FtLab.1.0.PathFailover', ['vol0', 'p0'])), { name: 'PathFailover', volume: 'vol0', from: 'p0', to: null });
});

test('decodeFtMessage ignores other registries and unknown keys', (t) => {
  t.is(decodeFtMessage(ev('Acme.1.0.ModuleIsolated', ['0'])), null);
  t.is(decodeFtMessage(ev('FtLab.1.0.SomethingNew', ['0'])), null);
  t.false(isIoSubsystem(null));
  t.true(isIoSubsystem('IO'));
  t.false(isIoSubsystem('Cpu'));
});

test('decodeResourceEvent: system power by origin, resource state changes with their module', (t) => {
  t.deepEqual(decodeResourceEvent(ev('ResourceEvent.1.4.ResourcePoweredOff', [], '/redfish/v1/Systems/ft0')), { name: 'SystemPower', power: 'Off' });
  t.deepEqual(decodeResourceEvent(ev('ResourceEvent.1.4.ResourcePoweringOn', [], '/redfish/v1/Systems/ft0/')), { name: 'SystemPower', power: 'PoweringOn' });
  t.is(decodeResourceEvent(ev('ResourceEvent.1.4.ResourcePoweredOff', [], MOD(0))), null, 'a module powering off is not the system');
  t.is(decodeResourceEvent(ev('ResourceEvent.1.4.ResourcePoweredOff')), null);
  t.deepEqual(decodeResourceEvent(ev('ResourceEvent.1.4.ResourceStateChanged', [MOD(1), 'Starting'], MOD(1))), { name: 'ResourceStateChanged', module: 1, state: 'Starting' });
  t.is(decodeResourceEvent(ev('FtLab.1.0.ModuleRemoved', ['1'])), null);
});

function bmc(messageId: string, messageArgs: string[], originOfCondition: string | null): BmcEvent {
  return { id: '1', messageId, messageArgs, message: '', severity: 'OK', originOfCondition, eventTimestamp: '2026-01-01T00:00:00Z', receivedAt: 0, extra: {} };
}

/** What the scenarios' event vocabulary answered before it moved here (the answers must not change). */
const EXPECTED: ReadonlyArray<[BmcEvent, string, string, number | null, string[], Array<number | null>, string[]]> = [
  [bmc('FtLab.1.0.ModuleIsolated', ['0', 'Cpu', 'x'], MOD(0)), 'FtLab', 'ModuleIsolated', 0, ['Cpu'], [0, null, null], ['ModuleIsolated', 'ModuleIsolated@0']],
  [bmc('FtLab.1.3.ModuleIsolated', [' 1 ', 'IO'], null), 'FtLab', 'ModuleIsolated', 1, ['Io'], [1, null, null], ['ModuleIsolated', 'ModuleIsolated@1']],
  [bmc('FtLab.1.0.BlackoutCompleted', ['Module1', '53.46'], null), 'FtLab', 'BlackoutCompleted', 1, [], [null, 53.46, null], ['BlackoutCompleted', 'BlackoutCompleted@1']],
  [bmc('FtLab.1.0.DuplexRestored', [], '/redfish/v1/Systems/ft0'), 'FtLab', 'DuplexRestored', null, [], [null, null, null], ['DuplexRestored']],
  [bmc('ResourceEvent.1.4.ResourceStateChanged', [MOD(1), 'Starting'], MOD(1)), 'ResourceEvent', 'ResourceStateChanged', 1, [], [null, null, null], []],
  [bmc('FtLab.1.0.ModuleRemoved', ['2'], '/redfish/v1/Chassis/Module12'), 'FtLab', 'ModuleRemoved', null, [], [2, null, null], ['ModuleRemoved']],
  [bmc('FtLab.', [], null), 'FtLab', '', null, [], [null, null, null], []],
  [bmc('Plain', ['/redfish/v1/Chassis/Module0/Io'], null), 'Plain', 'Plain', 0, ['Io'], [null, null, null], []],
];

test('the scenarios\' answers on BmcEvents: prefix, key, module, subsystem, numeric arguments, predicates', (t) => {
  for (const [e, prefix, key, module, subsystems, numbers, matches] of EXPECTED) {
    t.is(registryPrefix(e), prefix, e.messageId);
    t.is(messageKey(e), key, e.messageId);
    t.is(eventModule(e), module, e.messageId);
    t.is(describeEvent(e), `${e.messageId}(${e.messageArgs.join(', ')}) @ ${e.eventTimestamp}`);
    t.deepEqual(['Cpu', 'Io'].filter((sub) => namesSubsystem(e, sub)), subsystems, e.messageId);
    t.deepEqual([0, 1, 2].map((i) => numericArg(e, i) ?? null), numbers, e.messageId);
    const matched = Object.values(FT).flatMap((k) => [undefined, 0, 1].filter((m) => ftEvent(k, m)(e)).map((m) => `${k}${m === undefined ? '' : `@${m}`}`));
    t.deepEqual(matched, matches, e.messageId);
    t.is(isMessage(e, FT_PREFIX, key), prefix === FT_PREFIX, e.messageId);
  }
  // A predicate from this module fits where scenarios expect one over BmcEvent.
  const predicate: (e: BmcEvent) => boolean = ftEvent(FT.ModuleIsolated, 0);
  t.true(predicate(bmc('FtLab.1.0.ModuleIsolated', ['0'], null)));
});

test('systemWentDown: an OS crash or the system (not a module) powering off', (t) => {
  t.true(systemWentDown(ev('Platform.1.3.OperatingSystemCrash', [], '/redfish/v1/Systems/ft')));
  t.true(systemWentDown(ev(`${FT_PREFIX}.1.0.SystemCrashed`)));
  t.true(systemWentDown(ev('ResourceEvent.1.4.ResourcePoweredOff', [], '/redfish/v1/Systems/ft')));
  t.false(systemWentDown(ev('ResourceEvent.1.4.ResourcePoweredOff', ['Module1'], MOD(1))));
  t.false(systemWentDown(ev('ResourceEvent.1.4.ResourcePoweredOn', [], '/redfish/v1/Systems/ft')));
  t.false(systemWentDown(ev(`${FT_PREFIX}.1.0.ModuleIsolated`, ['0'])));
});
