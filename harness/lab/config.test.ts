import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../lib/errors.ts';
import { loadEmbeddedLabConfig } from './config.ts';

test('lab up --config: devices with profiles, defects and scenario filters; errors name file, line and path', (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftlab-labcfg-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const good = path.join(dir, 'good.yaml');
  writeFileSync(good, 'timeScale: 20\ndefects: [blackout-overrun]\ndevices:\n  a: { kind: ft }\n  b: { kind: ft, profile: profiles/ft-hypervisor.yaml, scenarios: ["ft-hypervisor*"] }\n');
  t.deepEqual(loadEmbeddedLabConfig(good), {
    timeScale: 20,
    defects: ['blackout-overrun'],
    devices: [
      { name: 'a', kind: 'ft' },
      { name: 'b', kind: 'ft', profile: 'profiles/ft-hypervisor.yaml', scenarios: ['ft-hypervisor*'] },
    ],
  });
  const bad = path.join(dir, 'bad.yaml');
  writeFileSync(bad, 'devices:\n  a:\n    kind: ft\n    profle: x\n');
  t.throws(() => loadEmbeddedLabConfig(bad), { instanceOf: ConfigError, message: /bad\.yaml:4: devices\.a\.profle: unknown property \(expected one of: kind, profile, defects, scenarios, tags, memberPrefix, manager\)/ });
});

test('lab up --config: a cluster is a device of kind cluster (its profile a cluster config); inventory kinds the lab host does not run are refused', (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftlab-labcfg-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const good = path.join(dir, 'good.yaml');
  writeFileSync(good, 'devices:\n  ft0: { kind: ft }\n  c1: { kind: cluster, profile: simulators/cluster/cluster-default.yaml, defects: [slow-commit] }\n');
  t.deepEqual(loadEmbeddedLabConfig(good).devices, [
    { name: 'ft0', kind: 'ft' },
    { name: 'c1', kind: 'cluster', profile: 'simulators/cluster/cluster-default.yaml', defects: ['slow-commit'] },
  ]);
  const bad = path.join(dir, 'bad.yaml');
  writeFileSync(bad, 'devices:\n  srv01: { kind: server }\n');
  t.throws(() => loadEmbeddedLabConfig(bad), { instanceOf: ConfigError, message: 'bad.yaml:2: devices.srv01.kind: expected one of: "ft", "cluster" (found "server")'.replace('bad.yaml', bad) });
});
