import test from 'ava';
import { ConfigError } from './errors.ts';
import { registerSecret } from './redact.ts';

test("ConfigError's found value is redacted before it is shortened: URL passwords and registered secrets", (t) => {
  const long = `https://admin:${'p'.repeat(90)}@10.0.0.1`;
  const e = new ConfigError('lab.yaml:4: devices.ft0.redfish.url', 'expected a URL without credentials', { found: long });
  t.false(e.message.includes('ppp'), e.message);
  t.regex(e.message, /found "https:\/\/admin:\*\*\*@10\.0\.0\.1"/);
  registerSecret('Reg1stered-Secret');
  const e2 = new ConfigError('x', 'expected y', { found: { value: 'Reg1stered-Secret' } });
  t.false(e2.message.includes('Reg1stered-Secret'), e2.message);
});
