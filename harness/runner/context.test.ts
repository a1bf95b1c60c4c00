import test from 'ava';
import { InfraError } from '../../lib/errors.ts';
import { parseBmcTimestamp } from './context.ts';

test('BMC timestamps keep their sub-millisecond digits', (t) => {
  const base = Date.parse('2026-03-01T10:00:00.000Z');
  t.is(parseBmcTimestamp('2026-03-01T10:00:00Z'), base);
  // Epoch ms as a double keeps about 0.25 µs at this magnitude.
  t.true(Math.abs(parseBmcTimestamp('2026-03-01T10:00:00.123456+00:00') - base - 123.456) < 0.001);
  t.is(parseBmcTimestamp('2026-03-01T11:00:00.5+01:00') - base, 500);
  t.true(Math.abs(parseBmcTimestamp('2026-03-01T10:00:00.000250Z') - parseBmcTimestamp('2026-03-01T10:00:00.000100Z') - 0.15) < 0.001);
  t.throws(() => parseBmcTimestamp('yesterday'), { instanceOf: InfraError, message: /not ISO 8601: "yesterday"/ });
});
