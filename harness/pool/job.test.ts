import test from 'ava';
import { InfraError } from '../../lib/errors.ts';
import { bindingOf, decodeJob } from './job.ts';

const fixed = { runId: 'r', id: 'r:0', scenario: 's', iteration: 0, binding: 'ft0', benches: ['ft0'], attempt: 0 };

test('a job decodes fixed (as before) or with alternatives; malformed alternatives are named', (t) => {
  t.deepEqual(decodeJob(JSON.stringify(fixed)), fixed);
  const any = { ...fixed, alternatives: [{ binding: 'ft0', benches: ['ft0'] }, { binding: 'a=ft1 b=ft2', benches: ['ft1', 'ft2'] }] };
  t.deepEqual(decodeJob(JSON.stringify(any)), any);
  for (const bad of [[], [{ binding: 'ft0' }], [{ binding: 'ft0', benches: [] }], [{ binding: 1, benches: ['ft0'] }], 'ft0']) {
    t.throws(() => decodeJob(JSON.stringify({ ...fixed, alternatives: bad })), { instanceOf: InfraError, message: /malformed job \(alternatives must be a non-empty list of \{binding, benches\}\)/ });
  }
});

test('bindingOf: the label, or how many alternatives a queued job has', (t) => {
  t.is(bindingOf(fixed), 'ft0');
  const alternatives = ['ft0', 'ft1', 'ft2', 'ft3'].map((b) => ({ binding: b, benches: [b] }));
  t.is(bindingOf({ ...fixed, alternatives }), 'any of 4: ft0 | ft1 | ft2 | …');
  t.is(bindingOf({ ...fixed, alternatives: alternatives.slice(0, 2) }), 'any of 2: ft0 | ft1');
});
