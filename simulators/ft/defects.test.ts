/** The defect profiles added for issue 10: each changes exactly the behaviour it announces (FakeClock, deterministic). */
import test from 'ava';
import { FakeClock } from '../../lib/clock.ts';
import { DEFECT_NAMES, DEFECTS, type DefectName } from './defects.ts';
import { decide, ErrorCounter } from './error-counter.ts';
import { FtModel } from './model.ts';
import { loadDefaultProfile } from './profile.ts';
import { reportedActiveModules, reportedMemoryGiB, reportedStoragePath } from './reported.ts';
import { secondAddressOf } from './udp-echo.ts';

function model(defects: DefectName[]): { clock: FakeClock; model: FtModel } {
  const clock = new FakeClock();
  return { clock, model: new FtModel({ clock, profile: loadDefaultProfile(), defects }) };
}

test('at least two announced defects name each requirement FT-01 ... FT-13 (FT-08 and the originals by behaviour)', (t) => {
  const named = new Map<string, number>();
  for (const n of DEFECT_NAMES) {
    const ft = /^FT-(\d\d):/.exec(DEFECTS[n])?.[1];
    if (ft) named.set(ft, (named.get(ft) ?? 0) + 1);
  }
  for (const ft of ['02', '03', '04', '05', '07', '09', '11', '12', '13']) t.true((named.get(ft) ?? 0) >= 2, `FT-${ft}: ${named.get(ft) ?? 0}`);
  for (const ft of ['01', '06', '10']) t.true((named.get(ft) ?? 0) >= 1, `FT-${ft}`);
});

test('threshold-off-by-one keeps out at the threshold; the healthy rule only above it', (t) => {
  t.is(decide('Transient', 'UseThreshold', 3, 3), 'reintegrate');
  t.is(decide('Transient', 'UseThreshold', 4, 3), 'keep-out');
  t.is(decide('Transient', 'UseThreshold', 3, 3, { keepOutAtThreshold: true }), 'keep-out');
  t.is(decide('Transient', 'UseThreshold', 2, 3, { keepOutAtThreshold: true }), 'reintegrate');
});

test('window-never-forgets: errors older than the window still count', (t) => {
  const healthy = new ErrorCounter(10, 3);
  const broken = new ErrorCounter(10, 3, false);
  healthy.record(0, 2);
  broken.record(0, 2);
  t.is(healthy.count(10_001), 0);
  t.is(broken.count(10_001), 2);
});

test('clear-history-ignored keeps the count; replacement-keeps-history keeps it across a replacement', (t) => {
  for (const d of ['clear-history-ignored', 'replacement-keeps-history'] as const) {
    const { clock, model: m } = model([d]);
    m.injectError(1, 'Io', 'Transient', 1);
    clock.advance(10);
    if (d === 'clear-history-ignored') m.clearErrorHistory(1, null);
    else {
      m.pullModule(1);
      m.insertModule(1);
    }
    t.is(m.module(1).counters.Io.count, 1, d);
  }
  const { clock, model: healthy } = model([]);
  healthy.injectError(1, 'Io', 'Transient', 1);
  clock.advance(10);
  healthy.clearErrorHistory(1, null);
  t.is(healthy.module(1).counters.Io.count, 0);
});

test('reporting defects: the BMC shows module 0 active, the boot-time path, half the memory', (t) => {
  const { clock, model: m } = model(['simplex-wrong-module', 'stale-active-path', 'hypervisor-memory-half']);
  m.injectError(0, 'Cpu', 'Permanent', 1);
  clock.advance(10);
  t.deepEqual(m.activeModules(), [1]);
  t.deepEqual(reportedActiveModules(m), [0]);
  t.is(m.storageSet.active, null, 'the path of the kept-out module is switching away');
  t.is(reportedStoragePath(m), 'M0-HBA0');
  t.is(reportedMemoryGiB(m), m.profile.system.memoryGiB / 2);
});

test('wrong-faulty-component names the other module; no-fault-led leaves the LED off', (t) => {
  const { clock, model: m } = model(['wrong-faulty-component', 'no-fault-led']);
  m.injectError(0, 'Cpu', 'Permanent', 1);
  clock.advance(10);
  t.true(m.module(0).keptOut);
  t.is(m.module(0).faultyComponent, 'M1-CPU0');
  t.false(m.module(0).ledOn);
});

test('cpu-fault-takes-io: a transient CPU error also takes the IO subsystem out, so the NIC fails over', (t) => {
  const { clock, model: m } = model(['cpu-fault-takes-io']);
  m.injectError(0, 'Cpu', 'Transient', 1);
  clock.advance(10);
  t.not(m.module(0).subsystems.Io, 'Online');
  t.not(m.nicTeam.active, 'M0-NIC0');
});

test('the second workload address is the next loopback address', (t) => {
  t.is(secondAddressOf('127.0.0.1'), '127.0.0.2');
  t.is(secondAddressOf('127.0.0.254'), '127.0.0.1');
  t.is(secondAddressOf('::1'), '::1');
});
