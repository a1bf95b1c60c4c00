import test from 'ava';
import { InfraError } from '../../lib/errors.ts';
import { bindingOf, decodeAlternatives, decodeJob } from './job.ts';

const fixed = { runId: 'r', id: 'r:0', scenario: 's', iteration: 0, binding: 'ft0', benches: ['ft0'], attempt: 0 };

test('a job decodes fixed (as before) or naming its alternatives; malformed alternatives are named', (t) => {
  t.deepEqual(decodeJob(JSON.stringify(fixed)), fixed);
  const any = { ...fixed, alternatives: 'r:0' };
  t.deepEqual(decodeJob(JSON.stringify(any)), any);
  t.throws(() => decodeJob(JSON.stringify({ ...fixed, alternatives: [{ binding: 'ft0', benches: ['ft0'] }] })), { instanceOf: InfraError, message: /malformed job \(alternatives must name an entry of the alternatives hash\)/ });
  const alts = [{ binding: 'ft0', benches: ['ft0'] }, { binding: 'a=ft1 b=ft2', benches: ['ft1', 'ft2'] }];
  t.deepEqual(decodeAlternatives(JSON.stringify(alts)), alts);
  for (const bad of [[], [{ binding: 'ft0' }], [{ binding: 'ft0', benches: [] }], [{ binding: 1, benches: ['ft0'] }], 'ft0']) {
    t.throws(() => decodeAlternatives(JSON.stringify(bad)), { instanceOf: InfraError, message: /malformed alternatives \(expected a non-empty list of \{binding, benches\}\)/ });
  }
});

test('bindingOf: the label, or how many alternatives a queued job has', (t) => {
  const all = new Map([['r:0', ['ft0', 'ft1', 'ft2', 'ft3'].map((b) => ({ binding: b, benches: [b] }))], ['r:1', ['ft0', 'ft1'].map((b) => ({ binding: b, benches: [b] }))]]);
  t.is(bindingOf(fixed, all), 'ft0');
  t.is(bindingOf({ ...fixed, alternatives: 'r:0' }, all), 'any of 4: ft0 | ft1 | ft2 | …');
  t.is(bindingOf({ ...fixed, alternatives: 'r:1' }, all), 'any of 2: ft0 | ft1');
  t.is(bindingOf({ ...fixed, alternatives: 'r:9' }, all), 'any (alternatives r:9 withdrawn)');
});
