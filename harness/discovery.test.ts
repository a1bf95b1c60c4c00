import test from 'ava';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../lib/errors.ts';
import { discoverScenarios } from './discovery.ts';

const def = (id: string, extra = '') =>
  `{ id: '${id}', title: 't', requirements: ['FT-01'], tags: [], suites: ['nightly'], roles: { ft: { kind: 'ft', needs: ['FtState'] } }, timeoutMs: 1000, async run() {}${extra} }`;

function dirWith(t: import('ava').ExecutionContext, files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftlab-disc-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const scen = path.join(dir, 'scenarios');
  mkdirSync(path.join(scen, 'sub'), { recursive: true });
  writeFileSync(path.join(scen, 'package.json'), '{"type":"module"}\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(scen, name), text);
  return scen;
}

test('collects default, named and array exports from scenarios/**/*.ts, skipping tests and helpers', async (t) => {
  const dir = dirWith(t, {
    'a.ts': `export default ${def('a-default')};\nexport const b = ${def('a-named')};\nexport const helper = () => 1;`,
    'sub/c.ts': `export const all = [${def('c-1')}, ${def('c-2')}];`,
    'a.test.ts': `export const x = ${def('from-a-test')};`,
  });
  const found = await discoverScenarios(dir);
  t.deepEqual(found.map((f) => `${f.def.id} ${f.file}`).sort(), ['a-default scenarios/a.ts', 'a-named scenarios/a.ts', 'c-1 scenarios/sub/c.ts', 'c-2 scenarios/sub/c.ts']);
});

test('duplicate ids and malformed definitions are configuration errors naming the file', async (t) => {
  const dup = dirWith(t, { 'a.ts': `export const a = ${def('same')};`, 'b.ts': `export const b = ${def('same')};` });
  await t.throwsAsync(discoverScenarios(dup), { instanceOf: ConfigError, message: /scenarios\/b\.ts: scenario id "same" is already defined in scenarios\/a\.ts/ });
  const bad = dirWith(t, { 'a.ts': `export const a = ${def('x').replace("needs: ['FtState']", "needs: ['Teleporter']")};` });
  await t.throwsAsync(discoverScenarios(bad), { message: /scenarios\/a\.ts: scenario "x": roles\.ft\.needs: unknown capability Teleporter/ });
  const badUse = dirWith(t, { 'a.ts': `export const a = ${def('x').replace("needs: ['FtState']", "needs: ['FtState'], uses: ['Teleporter', 'Warp']")};` });
  await t.throwsAsync(discoverScenarios(badUse), { message: /scenario "x": roles\.ft\.uses: unknown capabilities Teleporter, Warp/ });
  const counted = dirWith(t, { 'a.ts': `export const a = ${def('x').replace("kind: 'ft',", "kind: 'ft', count: 2, min: 1,")};` });
  await t.throwsAsync(discoverScenarios(counted), { message: /scenario "x": roles\.ft\.count: give count, or min\/max, not both/ });
  const noRoles = dirWith(t, { 'a.ts': `export const a = ${def('x').replace(/roles: \{.*\} \}, /, 'roles: {}, ')};` });
  await t.throwsAsync(discoverScenarios(noRoles), { message: /scenario "x": roles: expected at least one role/ });
  await t.throwsAsync(discoverScenarios('/nonexistent-dir'), { message: /nonexistent-dir: expected a directory of scenario modules/ });
});
