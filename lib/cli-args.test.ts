import test from 'ava';
import { logLevelOption, numberOption, parseCli, UsageError } from './cli-args.ts';

test('numberOption: absent gives the fallback; a bad value names the option, the expectation and the value', (t) => {
  t.is(numberOption('repeat', undefined, 1), 1);
  t.is(numberOption('repeat', '3', 1, { integer: true, min: 1 }), 3);
  t.throws(() => numberOption('repeat', '1.5', 1, { integer: true, min: 1 }), { instanceOf: UsageError, message: '--repeat expects an integer >= 1, got "1.5"' });
  t.throws(() => numberOption('time-scale', 'fast', 10, { min: 0.001 }), { instanceOf: UsageError, message: '--time-scale expects a number >= 0.001, got "fast"' });
});

test('logLevelOption: absent gives the fallback; an unknown level lists the levels', (t) => {
  t.is(logLevelOption(undefined, 'warn'), 'warn');
  t.is(logLevelOption('debug', 'info'), 'debug');
  t.throws(() => logLevelOption('loud', 'info'), {
    instanceOf: UsageError,
    message: '--log-level expects one of error, warn, info, verbose, debug, silly, got "loud"',
  });
});

test('parseCli: an unknown option is a usage error that ends with the usage text', (t) => {
  const e = t.throws(() => parseCli(['--nope'], { help: { type: 'boolean' } }, { usage: 'usage: x [--help]' }), { instanceOf: UsageError });
  t.regex(e.message, /--nope/);
  t.true(e.message.endsWith('usage: x [--help]'));
});
