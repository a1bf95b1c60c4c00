import test from 'ava';
import { readFileSync } from 'node:fs';
import { parse as parseYaml, stringify } from 'yaml';
import { ConfigError } from '../../lib/errors.ts';
import { loadProfile, parseProfile, parseProfileText, shippedProfilePath } from './profile.ts';

const DEFAULT = shippedProfilePath('ft-default');
const text = readFileSync(DEFAULT, 'utf8');

/** The parts of a profile document the cases below change. */
interface Doc {
  system: Record<string, unknown>;
  resync: Record<string, unknown>;
  faults: Record<string, unknown>;
  io: { pcieDevices: Array<Record<string, unknown>> };
  power?: unknown;
}

function mutate(fn: (doc: Doc) => void): string {
  const doc = parseYaml(text) as Doc;
  fn(doc);
  return stringify(doc);
}

test('shipped profiles load: default native, hypervisor with hypervisorMode', (t) => {
  const d = loadProfile(DEFAULT);
  t.is(d.name, 'ft-default');
  t.false(d.system.hypervisorMode);
  t.is(d.system.processorsPerModule, 2);
  t.true(d.io.pcieDevices.some((x) => !x.surpriseRemovalSupported), 'an unsupported device exists (FT-06)');
  const h = loadProfile(shippedProfilePath('ft-hypervisor'));
  t.true(h.system.hypervisorMode);
  t.is(h.system.memoryGiB, d.system.memoryGiB);
});

test('every value in the shipped profiles names its source', (t) => {
  for (const name of ['ft-default', 'ft-hypervisor']) {
    const lines = readFileSync(shippedProfilePath(name), 'utf8').split('\n');
    const valueLines = lines.filter((l) => /^\s+[a-zA-Z]+:\s*\S/.test(l) || /^\s+- \{/.test(l));
    t.true(valueLines.length > 20);
    for (const l of valueLines) t.regex(l, /# source: /, `${name}: ${l.trim()}`);
  }
});

const bad: Array<[string, (d: Doc) => void, RegExp]> = [
  ['unknown key', (d) => (d.resync.copyBandwith = 1), /resync\.copyBandwith: unknown key; expected one of: copyBandwidthMiBps/],
  ['negative memory', (d) => (d.system.memoryGiB = -4), /system\.memoryGiB: expected a number > 0 \(found -4\)/],
  ['bad policy', (d) => (d.faults.faultPolicy = 'Sometimes'), /faults\.faultPolicy: expected one of: UseThreshold, NeverRestart, AlwaysRestart/],
  ['device on wrong module', (d) => (d.io.pcieDevices[0]!.module = 1), /io\.pcieDevices\[0\]\.id: expected the Id to start with M1-/],
  ['missing NIC', (d) => (d.io.pcieDevices = d.io.pcieDevices.filter((x) => x.id !== 'M1-NIC0')), /M1-NIC0 on module 1/],
  ['duplicate id', (d) => d.io.pcieDevices.push({ ...d.io.pcieDevices[0] }), /io\.pcieDevices\[6\]\.id: expected a unique device Id/],
  ['missing section', (d) => delete d.power, /power: expected a mapping/],
];
for (const [name, fn, re] of bad) {
  test(`bad profile: ${name} → ConfigError naming the path`, (t) => {
    const e = t.throws(() => parseProfileText(mutate(fn), 'x.yaml'), { instanceOf: ConfigError });
    t.regex(e!.message, /^x\.yaml: /);
    t.regex(e!.message, re);
  });
}

test('YAML syntax errors name the line', (t) => {
  const e = t.throws(() => parseProfileText('name: a\nsystem: [\n', 'y.yaml'), { instanceOf: ConfigError });
  t.regex(e!.message, /^y\.yaml:\d+:\d+: expected valid YAML/);
});

test('a parsed profile is not changed by parsing it twice', (t) => {
  const doc = parseYaml(text) as unknown;
  t.deepEqual(parseProfile(doc, 'a'), parseProfile(structuredClone(doc), 'b'));
});
