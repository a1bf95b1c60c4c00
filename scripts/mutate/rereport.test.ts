import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../lib/errors.ts';
import type { MutantResult } from './report.ts';
import { rereport } from './rereport.ts';
import type { Site } from './site.ts';

const site = (id: string): Site => ({ file: 'a.ts', id, operator: 'constant', start: 0, end: 1, line: 3, column: 5, original: '1', replacement: '0' });
const result = (id: string, verdict: MutantResult['verdict']): MutantResult => ({ site: site(id), verdict, detail: verdict === 'killed' ? 't @ft0: failed - x' : 'exit 0', wallMs: 1000 });

test('a results file is reported again with the equivalents known today', (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftlab-rereport-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'r.json');
  writeFileSync(file, JSON.stringify({ seed: 3, sites: 9, defectGated: 1, wallMs: 60_000, complete: true, results: [result('f:constant:0', 'killed'), result('g:constant:0', 'survived'), result('h:constant:0', 'survived')] }));
  const text = rereport(file, [{ file: 'a.ts', site: 'h:*', why: 'dead code' }]);
  t.true(text.startsWith('mutation pass: seed 3, 3 mutants sampled of 9 sites (1 defect-gated sites left out), wall 60 s\n'));
  t.regex(text, /^detected 1\/2 = 50\.0 % of the mutants in scope and not equivalent \(killed by a SUT failure 1\/2 = 50\.0 %, 0 crashed the emulator, 0 by infra errors the unmutated suite does not have\); 1 survived, 0 flaky, 0 unconfirmed, 0 timeout; excluded: 1 equivalent, 0 out of scope$/m);
  t.regex(text, /survivors \(1\):\n {2}a\.ts:3:5 constant 1 → 0 {2}\[g:constant:0\]/);
  t.regex(text, /a\.ts:3:5 constant 1 → 0 {2}\[h:constant:0\]: dead code \(was survived\)/);
});

test('a file that is not a results file is a ConfigError naming it', (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftlab-rereport-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'x.json');
  writeFileSync(file, '{"results": 3}');
  t.throws(() => rereport(file, []), { instanceOf: ConfigError, message: new RegExp(`^${file}: expected a results file`) });
  t.throws(() => rereport(path.join(dir, 'none.json'), []), { instanceOf: ConfigError });
});
